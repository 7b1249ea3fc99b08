import type { ConsumedHttpOperationSpec, ConsumesHttpSpec } from '@naftiko/spec';
import {
  type ConsumesResilienceSpec,
  type ExposeResilienceSpec,
  type OperationResilienceSpec,
  RESILIENCE_KEY,
} from '@naftiko/spec';

/** Methods whose repetition has no further effect (RFC 9110 §9.2.2): the only ones retried. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** Safe methods (RFC 9110 §9.2.1): the only ones whose answers are cached. */
const CACHEABLE_METHODS = new Set(['GET', 'HEAD']);

export interface RetryPolicy {
  /** Attempts in all, the first included (>= 2 when a policy exists). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
}

/** What one consumed operation does beyond a single attempt; fields absent are off. */
export interface OperationResiliencePolicy {
  /** Time for a whole call, retries included. */
  timeoutMs?: number;
  /** Present only for idempotent operations (by method or the `idempotent` hint). */
  retry?: RetryPolicy;
  /** Present only for GET and HEAD: how long an answer is reused. */
  cacheTtlMs?: number;
}

export interface CircuitBreakerPolicy {
  failureThreshold: number;
  openMs: number;
}

export interface RateLimitPolicy {
  requests: number;
  perMs: number;
}

/** What is per upstream (consumes entry). */
export interface UpstreamResiliencePolicy {
  /** The consumes entry's call timeout, when it declares one. */
  timeoutMs?: number;
  circuitBreaker?: CircuitBreakerPolicy;
  rateLimit?: RateLimitPolicy;
}

type WithResilience<T, R> = T & { [RESILIENCE_KEY]?: R };

/**
 * The operation's block over the consumes entry's (field by field, `retry` and `cache` whole),
 * with the defaults filled in and what cannot apply to the method dropped: the one reading of
 * `x-naftiko-resilience` the consumer and the engine share.
 */
export function resolveOperationResilience(
  consumes: ConsumesHttpSpec,
  operation: ConsumedHttpOperationSpec,
): OperationResiliencePolicy {
  const upstream = (consumes as WithResilience<ConsumesHttpSpec, ConsumesResilienceSpec>)[RESILIENCE_KEY];
  const own = (operation as WithResilience<ConsumedHttpOperationSpec, OperationResilienceSpec>)[
    RESILIENCE_KEY
  ];
  if (upstream === undefined && own === undefined) return {};
  const method = (operation.method ?? 'GET').toUpperCase();
  const timeoutMs = own?.timeoutMs ?? upstream?.timeoutMs;
  const retry = own?.retry ?? upstream?.retry;
  const idempotent = own?.idempotent ?? upstream?.idempotent ?? false;
  const cache = own?.cache ?? upstream?.cache;
  const policy: OperationResiliencePolicy = {};
  if (timeoutMs !== undefined) policy.timeoutMs = timeoutMs;
  if (retry !== undefined && (retry.maxAttempts ?? 3) > 1 && (IDEMPOTENT_METHODS.has(method) || idempotent)) {
    policy.retry = {
      maxAttempts: retry.maxAttempts ?? 3,
      baseDelayMs: retry.baseDelayMs ?? 100,
      maxDelayMs: retry.maxDelayMs ?? 5000,
      maxRetryAfterMs: retry.maxRetryAfterMs ?? 30_000,
    };
  }
  if (cache !== undefined && CACHEABLE_METHODS.has(method)) policy.cacheTtlMs = cache.ttlMs;
  return policy;
}

/** The consumes entry's circuit breaker and outbound rate limit, defaults filled in. */
export function resolveUpstreamResilience(consumes: ConsumesHttpSpec): UpstreamResiliencePolicy {
  const block = (consumes as WithResilience<ConsumesHttpSpec, ConsumesResilienceSpec>)[RESILIENCE_KEY];
  const policy: UpstreamResiliencePolicy = {};
  if (block?.timeoutMs !== undefined) policy.timeoutMs = block.timeoutMs;
  if (block?.circuitBreaker !== undefined) {
    policy.circuitBreaker = {
      failureThreshold: block.circuitBreaker.failureThreshold ?? 5,
      openMs: block.circuitBreaker.openMs ?? 30_000,
    };
  }
  if (block?.rateLimit !== undefined) policy.rateLimit = { ...block.rateLimit };
  return policy;
}

/** An expose's inbound per-caller rate limit, if it declares one. */
export function resolveInboundRateLimit(expose: object): RateLimitPolicy | undefined {
  const block = (expose as { [RESILIENCE_KEY]?: ExposeResilienceSpec })[RESILIENCE_KEY];
  return block?.rateLimit === undefined ? undefined : { ...block.rateLimit };
}
