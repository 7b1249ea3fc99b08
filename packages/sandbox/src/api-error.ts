/** The `error.type` values of the Anthropic error envelope that the sandbox answers with. */
export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

/**
 * A failure that becomes an Anthropic error envelope. Handlers throw it and the dispatcher renders
 * `{"type":"error","error":{type,message},"request_id"}` with `status`, so no handler writes error JSON.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly type: ApiErrorType;

  constructor(status: number, type: ApiErrorType, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = type;
  }
}

/** 400 `invalid_request_error`: the most common answer to bad input. */
export function invalidRequest(message: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message);
}

/** 404 `not_found_error`. */
export function notFound(message: string): ApiError {
  return new ApiError(404, 'not_found_error', message);
}

/** Builds the exact wire envelope of section 6 of the wire spec. */
export function createErrorEnvelope(options: { type: ApiErrorType; message: string; requestId: string }): {
  type: 'error';
  error: { type: ApiErrorType; message: string };
  request_id: string;
} {
  return {
    type: 'error',
    error: { type: options.type, message: options.message },
    request_id: options.requestId,
  };
}
