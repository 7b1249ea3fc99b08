import { describe, expect, test } from 'vitest';
import { createCircuitBreaker } from './create-circuit-breaker.js';
import { createMemoryStore } from './create-memory-store.js';
import { createRateLimiter } from './create-rate-limiter.js';
import { failOpenStore } from './fail-open-store.js';

function clock() {
  let time = 1_000_000;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

function breakerOn(store = createMemoryStore({ now: clock().now })) {
  return createCircuitBreaker({
    policy: { failureThreshold: 3, openMs: 10_000 },
    store,
    prefix: 'circuit:up',
    probeTimeoutMs: 5000,
  });
}

describe('circuit breaker', () => {
  test('closed -> open after failureThreshold failures -> half-open with one probe -> closed', async () => {
    const time = clock();
    const breaker = breakerOn(createMemoryStore({ now: time.now }));
    for (let i = 0; i < 3; i++) await breaker.failure(await breaker.before());
    expect(await breaker.status()).toMatchObject({ state: 'open', retryAfterMs: 10_000 });
    expect(await breaker.before()).toEqual({ allowed: false, retryAfterMs: 10_000 });
    time.advance(9_999);
    expect((await breaker.before()).allowed).toBe(false);
    time.advance(1);
    expect(await breaker.status()).toMatchObject({ state: 'half-open' });
    const probe = await breaker.before();
    expect(probe).toEqual({ allowed: true, probe: true });
    // Only one probe at a time: everyone else is refused while it runs.
    expect((await breaker.before()).allowed).toBe(false);
    await breaker.success(probe);
    expect(await breaker.status()).toEqual({ state: 'closed', failures: 0 });
    expect(await breaker.before()).toEqual({ allowed: true, probe: false });
  });

  test('a failed probe opens the circuit again for openMs', async () => {
    const time = clock();
    const breaker = breakerOn(createMemoryStore({ now: time.now }));
    for (let i = 0; i < 3; i++) await breaker.failure(await breaker.before());
    time.advance(10_000);
    await breaker.failure(await breaker.before());
    expect(await breaker.status()).toMatchObject({ state: 'open', retryAfterMs: 10_000 });
  });

  test('a success in between resets the count: failures must come in a row', async () => {
    const breaker = breakerOn();
    await breaker.failure(await breaker.before());
    await breaker.failure(await breaker.before());
    await breaker.success(await breaker.before());
    await breaker.failure(await breaker.before());
    await breaker.failure(await breaker.before());
    expect(await breaker.status()).toEqual({ state: 'closed', failures: 2 });
  });

  test('a probe that ends with no verdict (the caller cancelled) frees the probe for the next caller', async () => {
    const time = clock();
    const breaker = breakerOn(createMemoryStore({ now: time.now }));
    for (let i = 0; i < 3; i++) await breaker.failure(await breaker.before());
    time.advance(10_000);
    await breaker.release(await breaker.before());
    expect(await breaker.before()).toEqual({ allowed: true, probe: true });
  });

  test('a probe that never reports back lets another caller probe after probeTimeoutMs', async () => {
    const time = clock();
    const breaker = breakerOn(createMemoryStore({ now: time.now }));
    for (let i = 0; i < 3; i++) await breaker.failure(await breaker.before());
    time.advance(10_000);
    expect((await breaker.before()).allowed).toBe(true);
    time.advance(5_000);
    expect(await breaker.before()).toEqual({ allowed: true, probe: true });
  });

  test('two breakers over one store share the circuit (as replicas over one Redis do)', async () => {
    const store = createMemoryStore({ now: clock().now });
    const a = breakerOn(store);
    const b = breakerOn(store);
    await a.failure(await a.before());
    await b.failure(await b.before());
    await a.failure(await a.before());
    expect((await b.before()).allowed).toBe(false);
  });
});

describe('rate limiter', () => {
  test('a fixed window per identity: requests allowed, then the wait until it reopens', async () => {
    const time = clock();
    const limiter = createRateLimiter({
      policy: { requests: 2, perMs: 1000 },
      store: createMemoryStore({ now: time.now }),
      prefix: 'rate:test',
    });
    expect(await limiter.take('a')).toBeUndefined();
    time.advance(400);
    expect(await limiter.take('a')).toBeUndefined();
    expect(await limiter.take('a')).toBe(600);
    expect(await limiter.take('b')).toBeUndefined();
    time.advance(600);
    expect(await limiter.take('a')).toBeUndefined();
  });
});

describe('memory store', () => {
  test('keys expire on the clock, and the oldest go first past maxKeys', async () => {
    const time = clock();
    const store = createMemoryStore({ now: time.now, maxKeys: 2 });
    await store.set('a', '1', { ttlMs: 100 });
    expect(await store.set('a', '2', { onlyIfAbsent: true })).toBe(false);
    time.advance(100);
    expect(await store.get('a')).toBeUndefined();
    await store.set('x', '1');
    await store.set('y', '1');
    await store.set('z', '1');
    expect(await store.get('x')).toBeUndefined();
    expect(await store.get('z')).toBe('1');
    expect(await store.ttl('z')).toBeUndefined();
  });
});

describe('failOpenStore', () => {
  test('a store that fails reads as empty, and warns once per interval', async () => {
    const warnings: string[] = [];
    const broken: import('./state-store.js').StateStore = {
      kind: 'redis',
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
      increment: () => Promise.reject(new Error('down')),
      ttl: () => Promise.reject(new Error('down')),
      delete: () => Promise.reject(new Error('down')),
      close: async () => undefined,
    };
    const store = failOpenStore({
      store: broken,
      logger: { debug() {}, info() {}, warn: (message) => warnings.push(message), error() {} },
    });
    const breaker = createCircuitBreaker({
      policy: { failureThreshold: 1, openMs: 1000 },
      store,
      prefix: 'circuit:x',
      probeTimeoutMs: 100,
    });
    await breaker.failure(await breaker.before());
    expect(await breaker.before()).toEqual({ allowed: true, probe: false });
    expect(await store.increment('n', 50)).toEqual({ count: 1, ttlMs: 50 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/redis state store did not answer/);
  });
});
