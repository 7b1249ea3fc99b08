/** The readable part of an upstream error answer. */
export interface UpstreamErrorInfo {
  /** The upstream's own error class (`not_found_error`, `invalid_request`, an RFC 7807 `type`). */
  errorType?: string;
  message: string;
}

/** Error bodies end up in messages shown to agents and logs: keep them short. */
export const MAX_ERROR_MESSAGE_CHARS = 500;

/**
 * Extracts type and message from a non-2xx upstream body. Understands the Anthropic envelope
 * `{type: 'error', error: {type, message}}` and the common shapes (`{error: {code|type, message}}`,
 * OAuth `{error, error_description}`, `{message, code}`, `{errors: [{message}]}`, RFC 7807
 * problem details); anything else is the body text, capped.
 */
export function parseUpstreamError(text: string): UpstreamErrorInfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const info = isRecord(parsed) ? fromObject(parsed) : undefined;
  if (info) return { ...info, message: cap(info.message) };
  return { message: cap(text.trim()) };
}

function fromObject(body: Record<string, unknown>): UpstreamErrorInfo | undefined {
  const error = body.error;
  if (isRecord(error)) {
    const message = str(error.message) ?? str(error.detail) ?? str(error.description);
    const errorType = str(error.type) ?? str(error.code) ?? str(error.status);
    if (message !== undefined) return withType(message, errorType);
  }
  if (typeof error === 'string') {
    return withType(str(body.error_description) ?? str(body.message) ?? error, error);
  }
  if (Array.isArray(body.errors)) {
    const messages = body.errors
      .map((item) =>
        isRecord(item) ? (str(item.message) ?? str(item.detail) ?? str(item.title)) : str(item),
      )
      .filter((item): item is string => item !== undefined);
    const first = body.errors[0];
    if (messages.length > 0) {
      return withType(
        messages.join('; '),
        isRecord(first) ? (str(first.code) ?? str(first.type)) : undefined,
      );
    }
  }
  const message = str(body.message) ?? str(body.detail) ?? str(body.title);
  if (message !== undefined)
    return withType(message, str(body.code) ?? str(body.error_type) ?? str(body.type));
  return undefined;
}

function withType(message: string, errorType: string | undefined): UpstreamErrorInfo {
  return errorType === undefined ? { message } : { errorType, message };
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cap(text: string): string {
  return text.length <= MAX_ERROR_MESSAGE_CHARS
    ? text
    : `${text.slice(0, MAX_ERROR_MESSAGE_CHARS)}... (truncated)`;
}
