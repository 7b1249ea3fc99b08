/**
 * Where resilience state lives: circuit breakers, rate-limit counters and cached answers. The
 * engine keeps it in memory by default (`createMemoryStore`); replicas that must share it pass a
 * store backed by Redis (`naftiko run --redis`). Every rule (breaker, limiter, cache) is written
 * once over these few primitives, which a shared store makes atomic across processes.
 */
export interface StateStore {
  /** 'memory', 'redis', ... for `/status`. */
  readonly kind: string;
  get(key: string): Promise<string | undefined>;
  /** Stores `value`; with `onlyIfAbsent`, only when the key is missing (false then). */
  set(key: string, value: string, options?: { ttlMs?: number; onlyIfAbsent?: boolean }): Promise<boolean>;
  /**
   * Adds one to a counter. A counter that did not exist starts at 1 and expires `ttlMs` later (a
   * running one keeps its expiry): a fixed window that opens on its first hit.
   */
  increment(key: string, ttlMs: number): Promise<{ count: number; ttlMs: number }>;
  /** Milliseconds before `key` expires; undefined when it is missing or never expires. */
  ttl(key: string): Promise<number | undefined>;
  delete(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}
