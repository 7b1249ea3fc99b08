import type { StateStore } from './state-store.js';

export interface CreateMemoryStoreOptions {
  /** The clock, in milliseconds; default `Date.now`. Tests pass their own. */
  now?: () => number;
  /** Most keys kept; past it the oldest are dropped first. Default 100,000. */
  maxKeys?: number;
}

interface Entry {
  value: string;
  /** Epoch ms, or Infinity. */
  expires: number;
}

/**
 * The default store: one process's memory. Expired keys are dropped when read and, in one pass,
 * whenever the map has doubled since the last pass, so per-caller counters of clients long gone
 * do not pile up; `maxKeys` bounds it whatever the traffic.
 */
export function createMemoryStore({
  now = Date.now,
  maxKeys = 100_000,
}: CreateMemoryStoreOptions = {}): StateStore {
  const map = new Map<string, Entry>();
  let sweepAt = 1024;

  const live = (key: string): Entry | undefined => {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires <= now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };
  const put = (key: string, entry: Entry) => {
    map.delete(key);
    map.set(key, entry);
    if (map.size >= sweepAt) {
      const time = now();
      for (const [name, each] of map) if (each.expires <= time) map.delete(name);
      sweepAt = Math.max(1024, map.size * 2);
    }
    // Insertion order is age order: drop the oldest.
    while (map.size > maxKeys) map.delete(map.keys().next().value as string);
  };
  const expiry = (ttlMs: number | undefined) =>
    ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs;

  return {
    kind: 'memory',
    async get(key) {
      return live(key)?.value;
    },
    async set(key, value, options = {}) {
      if (options.onlyIfAbsent && live(key) !== undefined) return false;
      put(key, { value, expires: expiry(options.ttlMs) });
      return true;
    },
    async increment(key, ttlMs) {
      const entry = live(key);
      if (entry === undefined) {
        put(key, { value: '1', expires: expiry(ttlMs) });
        return { count: 1, ttlMs };
      }
      const count = Number(entry.value) + 1;
      entry.value = String(count);
      return { count, ttlMs: Math.max(0, entry.expires - now()) };
    },
    async ttl(key) {
      const entry = live(key);
      return entry === undefined || entry.expires === Number.POSITIVE_INFINITY
        ? undefined
        : entry.expires - now();
    },
    async delete(...keys) {
      for (const key of keys) map.delete(key);
    },
    async close() {
      map.clear();
    },
  };
}
