import { isNaftikoError, NaftikoError } from '@naftiko/core';

export interface ToUpstreamErrorOptions {
  /** `namespace.operation` */
  operation: string;
  /** The upstream origin (scheme, host, port), never a path or query that could carry a secret. */
  origin: string;
  /** Why our own controller aborted, if it did. */
  abortReason?: 'timeout' | 'caller';
  timeoutMs: number;
  connectTimeoutMs: number;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'DNS lookup failed',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed unexpectedly',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_DESTROYED: 'the consumer was closed',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'the response was shorter or longer than its content-length',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
};

/**
 * Maps whatever undici or the network threw into a NaftikoError with a plain message:
 * UPSTREAM_TIMEOUT, UPSTREAM_UNREACHABLE or ABORTED. NaftikoErrors pass through unchanged.
 */
export function toUpstreamError(error: unknown, options: ToUpstreamErrorOptions): NaftikoError {
  if (isNaftikoError(error)) return error;
  const { operation, origin, abortReason, timeoutMs, connectTimeoutMs } = options;
  if (abortReason === 'caller') {
    return new NaftikoError('ABORTED', `${operation}: the call was aborted by the caller`, {
      cause: error,
      data: { operation },
    });
  }
  const code = findCode(error);
  if (
    code === 'UND_ERR_INVALID_ARG' ||
    code === 'ERR_INVALID_CHAR' ||
    code === 'ERR_HTTP_INVALID_HEADER_VALUE'
  ) {
    // undici refused what we asked it to send (a header value with characters HTTP forbids):
    // nothing left this process, so it is the request that is wrong, not the upstream.
    const detail = error instanceof Error ? error.message : String(error);
    return new NaftikoError('REQUEST_INVALID', `${operation}: the request cannot be sent: ${detail}`, {
      cause: error,
      data: { operation },
    });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new NaftikoError(
      'UPSTREAM_TIMEOUT',
      `${operation}: ${origin} stopped sending the response (idle timeout)`,
      {
        cause: error,
        data: { operation },
      },
    );
  }
  if (abortReason === 'timeout' || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new NaftikoError(
      'UPSTREAM_TIMEOUT',
      `${operation}: ${origin} did not answer within ${timeoutMs} ms`,
      {
        cause: error,
        data: { operation },
      },
    );
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new NaftikoError(
      'UPSTREAM_TIMEOUT',
      `${operation}: could not connect to ${origin} within ${connectTimeoutMs} ms`,
      { cause: error, data: { operation } },
    );
  }
  const reason =
    (code === undefined ? undefined : NETWORK_REASONS[code]) ??
    (code === undefined ? 'network error' : `network error ${code}`);
  return new NaftikoError('UPSTREAM_UNREACHABLE', `${operation}: cannot reach ${origin} (${reason})`, {
    cause: error,
    data: { operation, url: origin },
  });
}

/** The first system or undici error code on the error, its cause chain, or an AggregateError's members. */
function findCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && code !== 'UND_ERR_ABORTED' && code !== 'ABORT_ERR') return code;
  if (Array.isArray(errors)) {
    for (const item of errors) {
      const found = findCode(item, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return findCode(cause, depth + 1);
}
