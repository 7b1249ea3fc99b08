import type { Logger } from '../extension.js';
import type { StateStore } from './state-store.js';

export interface FailOpenStoreOptions {
  store: StateStore;
  logger: Logger;
  /** One warning per this many ms while the store keeps failing. Default 10 s. */
  warnEveryMs?: number;
}

/**
 * A shared store that stops answering (Redis restarting, a network split) must not take the
 * capability down with it: each failed operation reads as an empty store (no circuit tripped,
 * a fresh rate window, a cache miss), so calls go through unprotected rather than fail, and the
 * engine logs a warning at most every `warnEveryMs`.
 */
export function failOpenStore({ store, logger, warnEveryMs = 10_000 }: FailOpenStoreOptions): StateStore {
  let warnedAt = Number.NEGATIVE_INFINITY;
  const fallback =
    <T>(value: T) =>
    (error: unknown): T => {
      const now = Date.now();
      if (now - warnedAt >= warnEveryMs) {
        warnedAt = now;
        logger.warn(
          `the ${store.kind} state store did not answer; circuit breakers, rate limits and the cache are off until it does`,
          { error: error instanceof Error ? error.message : String(error) },
        );
      }
      return value;
    };
  return {
    kind: store.kind,
    get: (key) => store.get(key).catch(fallback(undefined)),
    set: (key, value, options) => store.set(key, value, options).catch(fallback(false)),
    increment: (key, ttlMs) => store.increment(key, ttlMs).catch(fallback({ count: 1, ttlMs })),
    ttl: (key) => store.ttl(key).catch(fallback(undefined)),
    delete: (...keys) => store.delete(...keys).catch(fallback(undefined)),
    close: () => store.close(),
  };
}
