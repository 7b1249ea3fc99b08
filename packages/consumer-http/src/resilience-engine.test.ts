import {
  createCapability,
  createEngine,
  createMemoryStore,
  type Engine,
  type Observation,
} from '@naftiko/core';
import { validateCapability } from '@naftiko/spec';
import { afterEach, describe, expect, test } from 'vitest';
import { createHttpConsumer } from './create-http-consumer.js';
import { caught } from './testing/create-test-consumer.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

// x-naftiko-resilience through the engine: the cache, circuit breaker and outbound rate limit
// wrap this consumer; real upstreams on port 0 fail on command.

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let engine: Engine | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await engine?.stop();
  await server?.close();
  engine = undefined;
  server = undefined;
});

const capability = (baseUri: string, resilience: string, operationResilience = '') => `
naftiko: 1.0.0-alpha2
info: {label: Resilience, description: Resilience through the engine.}
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: '${baseUri}'
      x-naftiko-resilience: ${resilience}
      resources:
        - name: items
          path: /items
          operations:
            - name: list
              method: GET
              inputParameters: [{name: q, in: query}]
              ${operationResilience}
            - name: create
              method: POST
`;

async function start(source: string, options: { now?: () => number; observations?: Observation[] } = {}) {
  const { value, diagnostics } = validateCapability({ source, filename: 'resilience.yaml' });
  if (!value) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  engine = createEngine({
    capability: createCapability(value),
    consumers: [createHttpConsumer()],
    env: {},
    logger: quiet,
    serve: false,
    ...(options.now === undefined ? {} : { store: createMemoryStore({ now: options.now }) }),
    ...(options.observations === undefined ? {} : { observers: [(o) => options.observations?.push(o)] }),
  });
  await engine.start();
  return engine;
}

/** An upstream that fails with `status` while `failing.on`, else answers 200. */
async function switchableUpstream(status = 503) {
  const failing = { on: false };
  server = await startTestServer((_request, response) => {
    response.writeHead(failing.on ? status : 200, { 'content-type': 'application/json' });
    response.end(failing.on ? '{"error":"down"}' : '{"ok":true}');
  });
  return { server, failing };
}

describe('circuit breaker per upstream', () => {
  test('opens after the threshold, answers CIRCUIT_OPEN at once without calling, probes once, closes', async () => {
    let time = 0;
    const { server, failing } = await switchableUpstream();
    const running = await start(
      capability(server.url, '{circuitBreaker: {failureThreshold: 2, openMs: 5000}}'),
      { now: () => time },
    );
    failing.on = true;
    for (let i = 0; i < 2; i++)
      expect((await caught(() => running.invoke('up.list'))).code).toBe('UPSTREAM_STATUS');
    const open = await caught(() => running.invoke('up.list'));
    expect(open.code).toBe('CIRCUIT_OPEN');
    expect(open.data).toMatchObject({ namespace: 'up', retryAfter: 5 });
    expect(open.message).toMatch(/circuit breaker of "up" is open/);
    expect(server.requests).toHaveLength(2);
    // A 4xx is the caller's problem, not the upstream's: it would not have opened the circuit.
    failing.on = false;
    time += 5000;
    expect((await running.invoke('up.list')).status).toBe(200);
    expect(server.requests).toHaveLength(3);
    expect((await running.invoke('up.list')).status).toBe(200);
  });

  test('4xx answers do not count as upstream failures', async () => {
    const { server, failing } = await switchableUpstream(404);
    const running = await start(capability(server.url, '{circuitBreaker: {failureThreshold: 1}}'));
    failing.on = true;
    for (let i = 0; i < 3; i++)
      expect((await caught(() => running.invoke('up.list'))).code).toBe('UPSTREAM_STATUS');
    expect(server.requests).toHaveLength(3);
  });
});

describe('outbound rate limit per upstream', () => {
  test('past the budget calls fail with RATE_LIMITED and a retry hint, nothing is sent', async () => {
    let time = 0;
    const { server } = await switchableUpstream();
    const running = await start(capability(server.url, '{rateLimit: {requests: 2, perMs: 1000}}'), {
      now: () => time,
    });
    await running.invoke('up.list');
    await running.invoke('up.create');
    const limited = await caught(() => running.invoke('up.list'));
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.data).toMatchObject({ scope: 'outbound', limit: 2, perMs: 1000, retryAfter: 1 });
    expect(server.requests).toHaveLength(2);
    time += 1000;
    await running.invoke('up.list');
    expect(server.requests).toHaveLength(3);
  });
});

describe('response cache', () => {
  test('a GET answer is reused for the same arguments until ttlMs, never for other arguments or a POST', async () => {
    let time = 0;
    const observations: Observation[] = [];
    const { server } = await switchableUpstream();
    const running = await start(capability(server.url, '{cache: {ttlMs: 1000}}'), {
      now: () => time,
      observations,
    });
    expect((await running.invoke('up.list', { q: 'a' })).status).toBe(200);
    const hit = await running.invoke('up.list', { q: 'a' });
    expect(hit).toMatchObject({ type: 'json', value: { ok: true }, status: 200 });
    await running.invoke('up.list', { q: 'b' });
    await running.invoke('up.create');
    await running.invoke('up.create');
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /items?q=a',
      'GET /items?q=b',
      'POST /items',
      'POST /items',
    ]);
    time += 1000;
    await running.invoke('up.list', { q: 'a' });
    expect(server.requests).toHaveLength(5);
    const events = observations.flatMap((o) => (o.type === 'resilience' ? [o.event] : []));
    expect(events).toEqual(['cache-miss', 'cache-hit', 'cache-miss', 'cache-miss']);
  });

  test('an error answer is never cached', async () => {
    const { server, failing } = await switchableUpstream();
    const running = await start(capability(server.url, '{cache: {ttlMs: 60000}}'));
    failing.on = true;
    await caught(() => running.invoke('up.list', { q: 'a' }));
    failing.on = false;
    expect((await running.invoke('up.list', { q: 'a' })).status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });
});
