import type { RateLimitPolicy } from './resolve-resilience.js';
import type { StateStore } from './state-store.js';

export interface RateLimiter {
  /**
   * Counts one call of `identity` (a caller, an upstream). Resolves to undefined when it may go
   * ahead, else to the milliseconds until the window reopens.
   */
  take(identity: string): Promise<number | undefined>;
}

export interface CreateRateLimiterOptions {
  policy: RateLimitPolicy;
  store: StateStore;
  /** Key prefix naming what is limited, e.g. `rate:out:orders`. */
  prefix: string;
}

/**
 * A fixed window per identity: it opens on the first call, counts in the store (an atomic
 * INCR in Redis, so replicas share one budget), and refuses the calls past `requests` until it
 * expires `perMs` after it opened.
 */
export function createRateLimiter({ policy, store, prefix }: CreateRateLimiterOptions): RateLimiter {
  const { requests, perMs } = policy;
  return {
    async take(identity) {
      const { count, ttlMs } = await store.increment(`${prefix}:${identity}`, perMs);
      return count <= requests ? undefined : Math.max(1, ttlMs);
    },
  };
}
