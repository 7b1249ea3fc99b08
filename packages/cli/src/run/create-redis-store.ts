import type { StateStore } from '@naftiko/core';
import { UsageError } from '../usage-error.js';

export interface CreateRedisStoreOptions {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://` (TLS), as given to `--redis`. */
  url: string;
  /** Prefix of every key, so several capabilities can share one Redis. Default `naftiko:`. */
  prefix?: string;
  /** How long connecting may take before the start fails. Default 5 s. */
  connectTimeoutMs?: number;
}

// One round trip, atomic: a fixed window opens with the first INCR and keeps its expiry.
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/**
 * `naftiko run --redis redis://...`: circuit breakers, rate-limit counters and cached answers
 * in Redis, so replicas share them. The client (`@redis/client`, node-redis's core) is imported
 * here, only when `--redis` is given: a run without it loads nothing of it. Commands fail at
 * once while the connection is down (no offline queue) and the engine then treats the store as
 * empty (`failOpenStore`) until the client has reconnected.
 */
export async function createRedisStore(options: CreateRedisStoreOptions): Promise<StateStore> {
  const { url, prefix = 'naftiko:', connectTimeoutMs = 5000 } = options;
  const shown = describeRedisUrl(url);
  const redis = await import('@redis/client');
  // Bundled, a CommonJS package's named exports may sit on its default export only.
  const createClient =
    typeof redis.createClient === 'function' ? redis.createClient : redis.default.createClient;
  let started = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      // The first connect fails at once (a typo should not wait); after a start that worked the
      // client keeps reconnecting, at most every 2 s.
      reconnectStrategy: (retries: number) =>
        started ? Math.min(100 * 2 ** Math.min(retries, 5), 2000) : false,
    },
  });
  // Without a listener an 'error' event would end the process; failures surface per command.
  client.on('error', () => undefined);
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error(`no answer within ${connectTimeoutMs} ms`)),
          connectTimeoutMs,
        ).unref(),
      ),
    ]);
  } catch (error) {
    await client.destroy();
    const detail = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `--redis: cannot connect to ${shown} (${detail.replace(url, shown)}); start redis-server there or fix the URL.`,
      { command: 'run' },
    );
  }
  started = true;
  const key = (name: string) => `${prefix}${name}`;
  return {
    kind: 'redis',
    async get(name) {
      return (await client.get(key(name))) ?? undefined;
    },
    async set(name, value, setOptions = {}) {
      const answer = await client.set(key(name), value, {
        ...(setOptions.ttlMs === undefined ? {} : { expiration: { type: 'PX', value: setOptions.ttlMs } }),
        ...(setOptions.onlyIfAbsent ? { condition: 'NX' } : {}),
      });
      return answer === 'OK';
    },
    async increment(name, ttlMs) {
      const [count, ttl] = (await client.eval(INCREMENT, {
        keys: [key(name)],
        arguments: [String(ttlMs)],
      })) as [number, number];
      return { count, ttlMs: ttl };
    },
    async ttl(name) {
      const ttl = await client.pTTL(key(name));
      return ttl < 0 ? undefined : ttl;
    },
    async delete(...names) {
      if (names.length > 0) await client.del(names.map(key));
    },
    async close() {
      await client.close();
    },
  };
}

/** The URL without its credentials, for messages and logs. */
export function describeRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--redis must be a URL such as redis://127.0.0.1:6379, got '${url}'.`, {
      command: 'run',
    });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UsageError(
      `--redis must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379, got '${parsed.protocol}//...'.`,
      { command: 'run' },
    );
  }
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}
