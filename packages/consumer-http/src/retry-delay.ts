import type { NaftikoError, RetryPolicy } from '@naftiko/core';

/** Upstream statuses worth another attempt: the request may not have been processed, or was refused for load. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Whether a failed attempt (already mapped to its NaftikoError) may be repeated. */
export function isRetryable(error: NaftikoError): boolean {
  switch (error.code) {
    case 'UPSTREAM_TIMEOUT':
    case 'UPSTREAM_UNREACHABLE':
      return true;
    case 'UPSTREAM_STATUS':
      return typeof error.data.status === 'number' && RETRYABLE_STATUSES.has(error.data.status);
    default:
      return false;
  }
}

export interface RetryDelayOptions {
  policy: RetryPolicy;
  /** 1 after the first attempt failed. */
  retry: number;
  /** The upstream's `Retry-After` (delay-seconds or an HTTP date), when it sent one. */
  retryAfter?: string;
  /** [0, 1); default Math.random. */
  random?: () => number;
  /** Epoch ms, for an HTTP-date Retry-After; default Date.now(). */
  now?: number;
}

/**
 * How long to wait before retry number `retry`, or undefined to stop: exponential backoff with
 * full jitter (a uniform draw below min(maxDelayMs, baseDelayMs * 2^(retry-1)), so replicas that
 * failed together do not retry together), never less than the upstream's `Retry-After`, and no
 * retry at all when that asks for more than `maxRetryAfterMs`.
 */
export function retryDelay({
  policy,
  retry,
  retryAfter,
  random = Math.random,
  now = Date.now(),
}: RetryDelayOptions): number | undefined {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const backoff = Math.floor(random() * ceiling);
  if (retryAfter === undefined) return backoff;
  const asked = /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - now;
  if (!Number.isFinite(asked)) return backoff;
  if (asked > policy.maxRetryAfterMs) return undefined;
  return Math.max(backoff, asked);
}
