import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpConsumer } from '@naftiko/consumer-http';
import {
  createCircuitBreaker,
  createEngine,
  createRateLimiter,
  type Engine,
  isNaftikoError,
  loadCapability,
  type StateStore,
  silentLogger,
} from '@naftiko/core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { UsageError } from '../usage-error.js';
import { createRedisStore } from './create-redis-store.js';
import { type RedisServer, redisServerMissing, startRedisServer } from './testing/start-redis-server.js';

// A real redis-server (Debian's package) on a free port: two stores, as two replicas would
// have, share circuit state, rate-limit budgets and cached answers through it.

const missing = redisServerMissing();
if (missing !== undefined) console.warn(`skipped: ${missing}`);

describe.skipIf(missing !== undefined)('state in Redis (--redis)', () => {
  let redis: RedisServer;
  const stores: StateStore[] = [];
  const engines: Engine[] = [];
  let upstream: Server | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
    for (const store of stores.splice(0)) await store.close();
    await new Promise((resolve) => (upstream ? upstream.close(resolve) : resolve(undefined)));
    upstream = undefined;
  });

  const store = async (prefix: string) => {
    const created = await createRedisStore({ url: redis.url, prefix });
    stores.push(created);
    return created;
  };

  test('the primitives: set-if-absent with expiry, a counter that keeps its window, delete', async () => {
    const a = await store('t1:');
    expect(await a.set('k', 'v', { ttlMs: 10_000, onlyIfAbsent: true })).toBe(true);
    expect(await a.set('k', 'w', { onlyIfAbsent: true })).toBe(false);
    expect(await a.get('k')).toBe('v');
    expect(await a.ttl('k')).toBeGreaterThan(9000);
    expect(await a.increment('n', 5000)).toMatchObject({ count: 1 });
    const second = await a.increment('n', 5000);
    expect(second.count).toBe(2);
    expect(second.ttlMs).toBeLessThanOrEqual(5000);
    await a.delete('k', 'n');
    expect(await a.get('k')).toBeUndefined();
    expect(await a.ttl('n')).toBeUndefined();
  });

  test('two replicas see one circuit and spend one rate budget', async () => {
    const [a, b] = [await store('t2:'), await store('t2:')];
    const policy = { failureThreshold: 2, openMs: 30_000 };
    const breakerA = createCircuitBreaker({ policy, store: a, prefix: 'circuit:up', probeTimeoutMs: 1000 });
    const breakerB = createCircuitBreaker({ policy, store: b, prefix: 'circuit:up', probeTimeoutMs: 1000 });
    await breakerA.failure(await breakerA.before());
    await breakerB.failure(await breakerB.before());
    expect((await breakerB.status()).state).toBe('open');
    expect((await breakerA.before()).allowed).toBe(false);

    const limit = { requests: 3, perMs: 60_000 };
    const limiterA = createRateLimiter({ policy: limit, store: a, prefix: 'rate:in' });
    const limiterB = createRateLimiter({ policy: limit, store: b, prefix: 'rate:in' });
    expect(await limiterA.take('caller')).toBeUndefined();
    expect(await limiterB.take('caller')).toBeUndefined();
    expect(await limiterA.take('caller')).toBeUndefined();
    expect(await limiterB.take('caller')).toBeGreaterThan(0);
  });

  test('two engines over one Redis: the circuit one opened refuses calls on the other', async () => {
    let calls = 0;
    upstream = createServer((_request, response) => {
      calls++;
      response.writeHead(503, { 'content-type': 'application/json' });
      response.end('{}');
    });
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    const source = `
naftiko: 1.0.0-alpha2
info: {label: Shared, description: Two replicas.}
capability:
  consumes:
    - type: http
      namespace: up
      description: A failing upstream.
      baseUri: http://127.0.0.1:${port}
      x-naftiko-resilience:
        circuitBreaker: {failureThreshold: 2, openMs: 60000}
        cache: {ttlMs: 60000}
      resources:
        - name: items
          path: /items
          operations:
            - {name: list, method: GET}
`;
    const replica = async (prefix: string) => {
      const { capability } = loadCapability(source, { kind: 'source', filename: 'shared.yaml' });
      if (!capability) throw new Error('the capability must load');
      const engine = createEngine({
        capability,
        consumers: [createHttpConsumer()],
        serve: false,
        env: {},
        logger: silentLogger,
        store: await store(prefix),
      });
      engines.push(engine);
      await engine.start();
      return engine;
    };
    const [one, two] = [await replica('t3:'), await replica('t3:')];
    const codeOf = (engine: Engine) =>
      engine.invoke('up.list').then(
        () => 'ok',
        (error: unknown) => (isNaftikoError(error) ? error.code : 'unexpected'),
      );
    expect(await codeOf(one)).toBe('UPSTREAM_STATUS');
    expect(await codeOf(one)).toBe('UPSTREAM_STATUS');
    expect(await codeOf(two)).toBe('CIRCUIT_OPEN');
    expect(calls).toBe(2);
  });

  test('two engines over one Redis spend one outbound rate budget', async () => {
    upstream = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    const source = `
naftiko: 1.0.0-alpha2
info: {label: Budget, description: Two replicas, one budget.}
capability:
  consumes:
    - type: http
      namespace: up
      description: A metered upstream.
      baseUri: http://127.0.0.1:${port}
      x-naftiko-resilience:
        rateLimit: {requests: 3, perMs: 60000}
      resources:
        - name: items
          path: /items
          operations:
            - {name: list, method: GET}
`;
    const replica = async () => {
      const { capability } = loadCapability(source, { kind: 'source', filename: 'budget.yaml' });
      if (!capability) throw new Error('the capability must load');
      const engine = createEngine({
        capability,
        consumers: [createHttpConsumer()],
        serve: false,
        env: {},
        logger: silentLogger,
        store: await store('t4:'),
      });
      engines.push(engine);
      await engine.start();
      return engine;
    };
    const [one, two] = [await replica(), await replica()];
    await one.invoke('up.list');
    await two.invoke('up.list');
    await one.invoke('up.list');
    const refused = await two.invoke('up.list').catch((error: unknown) => error);
    expect(isNaftikoError(refused, 'RATE_LIMITED')).toBe(true);
  });

  test('a Redis nobody listens on stops the start with the fix, without the password', async () => {
    const error = await createRedisStore({
      url: 'redis://user:s3cret@127.0.0.1:1',
      connectTimeoutMs: 2000,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(
      /^--redis: cannot connect to redis:\/\/127\.0\.0\.1:1 .*start redis-server/,
    );
    expect((error as Error).message).not.toContain('s3cret');
  });
});

test('--redis takes only redis:// and rediss:// URLs', async () => {
  await expect(createRedisStore({ url: 'http://127.0.0.1:6379' })).rejects.toThrow(
    /--redis must be a redis:\/\/ or rediss:\/\/ URL/,
  );
  await expect(createRedisStore({ url: 'not a url' })).rejects.toThrow(/--redis must be a URL/);
});
