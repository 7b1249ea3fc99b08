import type { ExposesRestSpec } from '@naftiko/spec';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildRestApp } from './build-rest-app.js';
import { itemsCapability } from './testing/items-capability.js';
import { startTestEngine, type TestEngine } from './testing/start-test-engine.js';
import { startTestUpstream, type TestUpstream } from './testing/start-test-upstream.js';

const PROBLEM_JSON = /^application\/problem\+json(;|$)/;
const ENV = { UPSTREAM_KEY: 'upstream-secret-key', GATEWAY_TOKEN: 'gateway-token-123' };

let upstream: TestUpstream;
let running: TestEngine | undefined;
let app: FastifyInstance | undefined;

beforeEach(async () => {
  upstream = await startTestUpstream();
});
afterEach(async () => {
  await app?.close();
  await running?.stop();
  await upstream.close();
  app = undefined;
  running = undefined;
});

async function build(options: { authentication?: string; bodyLimit?: number; timeoutMs?: number } = {}) {
  running = await startTestEngine({
    yaml: itemsCapability(upstream.url, options.authentication),
    env: ENV,
    consumer: { timeoutMs: options.timeoutMs ?? 2000 },
  });
  const expose = running.context.capability.exposes[0] as ExposesRestSpec;
  app = buildRestApp({
    expose,
    context: running.context,
    heartbeatMs: 0,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  return app;
}

describe('call + with', () => {
  test('path, query arrays in brackets and the server-side key reach the upstream; typed args keep types', async () => {
    const rest = await build();
    const response = await rest.inject({
      url: '/items/abc-1?limit=5&tags%5B%5D=a&tags%5B%5D=b',
      headers: { 'x-trace': 't-1' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json()).toEqual({
      id: 'abc-1',
      query: { limit: ['5'], tags: ['a', 'b'] },
      // The upstream echoed the held key: it never reaches the caller.
      authorization: '[REDACTED]',
      cookie: null,
    });
    expect(upstream.requests.at(-1)?.headers.authorization).toBe('Bearer upstream-secret-key');
  });

  test('a 5,000-deep or 20,001-key body is a 400 naming the limit, never a 502', async () => {
    const rest = await build();
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`k${i}`, i])));
    for (const [payload, limit] of [
      [deep, 'deeper than 64 levels'],
      [wide, 'more than 10000 keys'],
    ] as const) {
      const response = await rest.inject({
        method: 'POST',
        url: '/items',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().detail).toContain(limit);
    }
    expect(upstream.requests).toEqual([]);
  });

  test('a well-formed client request id is reused, anything else replaced', async () => {
    const rest = await build();
    const kept = await rest.inject({ url: '/mock?who=x', headers: { 'x-request-id': 'trace-42' } });
    expect(kept.headers['x-request-id']).toBe('trace-42');
    const replaced = await rest.inject({
      url: '/mock?who=x',
      headers: { 'x-request-id': 'bad id\twith junk' },
    });
    expect(replaced.headers['x-request-id']).not.toContain('junk');
  });

  test('a 400 problem names every bad parameter across path, query, header and cookie', async () => {
    const rest = await build();
    const response = await rest.inject({
      url: '/items/NOT_OK?limit=ten',
      headers: { 'x-trace': 'nope', cookie: 'session=abc' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    const problem = response.json();
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
    expect(problem.requestId).toBe(response.headers['x-request-id']);
    expect(problem.errors).toEqual([
      { name: 'id', in: 'path', detail: 'must match pattern "^[a-z0-9.-]+$"' },
      { name: 'limit', in: 'query', detail: 'must be integer' },
      { name: 'X-Trace', in: 'header', detail: 'must match pattern "^t-"' },
      { name: 'session', in: 'cookie', detail: 'must be integer' },
    ]);
    expect(problem.detail).toContain("query parameter 'limit' must be integer");
    expect(upstream.requests).toEqual([]);
  });

  test('path traversal in a path parameter never reaches the upstream', async () => {
    // inject() normalises literal dot segments away; raw ones are covered by the listener tests.
    const rest = await build();
    const encoded = await rest.inject({ url: '/items/..%2F..%2Fadmin' });
    expect(encoded.statusCode).toBe(400);
    expect(encoded.json().errors).toEqual([
      { name: 'id', in: 'path', detail: 'must match pattern "^[a-z0-9.-]+$"' },
    ]);
    const slashes = await rest.inject({ url: '/items/a%2F..%2F..%2Fadmin/summary' });
    expect(slashes.statusCode).toBe(200);
    expect(slashes.json()).toEqual({ itemId: 'a/../../admin' });
    expect(upstream.requests.map((request) => request.url)).toEqual(['/items/a%2F..%2F..%2Fadmin']);
  });

  test('mapped output parameters shape the JSON answer', async () => {
    const rest = await build();
    const response = await rest.inject({ url: '/items/abc/summary' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ itemId: 'abc' });
  });
});

describe('bodies', () => {
  test('a single object body parameter receives the whole JSON body; upstream status kept', async () => {
    const rest = await build();
    const response = await rest.inject({
      method: 'POST',
      url: '/items',
      payload: { name: 'kettle', tags: ['a'] },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      received: { name: 'kettle', tags: ['a'] },
      contentType: 'application/json',
    });
  });

  test('bad JSON, a wrong body type and an oversized body are problems, not crashes', async () => {
    const rest = await build({ bodyLimit: 1024 });
    const bad = await rest.inject({
      method: 'POST',
      url: '/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(bad.json().detail).not.toMatch(/at .*\.js/);

    const wrongType = await rest.inject({ method: 'POST', url: '/items', payload: [1, 2] });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors).toEqual([{ name: 'body', in: 'body', detail: 'must be object,null' }]);

    const huge = await rest.inject({ method: 'POST', url: '/items', payload: { text: 'x'.repeat(5000) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(upstream.requests).toEqual([]);
  });
});

describe('modes and results', () => {
  test('mock outputs are rendered from the arguments without any upstream call', async () => {
    const rest = await build();
    const response = await rest.inject({ url: '/mock?who=ann' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ greeting: 'hello ann' });
    expect(upstream.requests).toEqual([]);
  });

  test('a body parameter with a JSONPath value reads that member of the body', async () => {
    const rest = await build();
    const response = await rest.inject({
      method: 'POST',
      url: '/mock',
      payload: { person: { name: 'ann' } },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ greeting: 'hello ann' });
  });

  test('a body parameter JSONPath that selects several values is refused at build', async () => {
    running = await startTestEngine({
      yaml: itemsCapability(upstream.url).replace("'$.person.name'", "'$.people[*].name'"),
      env: ENV,
    });
    const expose = running.context.capability.exposes[0] as ExposesRestSpec;
    expect(() => buildRestApp({ expose, context: running!.context, heartbeatMs: 0 })).toThrow(
      /JSONPath '\$\.people\[\*\]\.name' selects several values/,
    );
  });

  test('a text upstream answer is passed through with its content type', async () => {
    const rest = await build();
    const response = await rest.inject({ url: '/text' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toBe('plain words');
  });

  test('upstream errors keep their status and carry the upstream error type and message', async () => {
    const rest = await build();
    for (const status of [404, 429, 503]) {
      const response = await rest.inject({ url: `/fail/${status}` });
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.json()).toMatchObject({ status, errorType: 'boom_error', detail: 'it broke upstream' });
    }
  });

  test('an upstream that does not answer in time is 504', async () => {
    const rest = await build({ timeoutMs: 300 });
    const response = await rest.inject({ url: '/slow' });
    expect(response.statusCode).toBe(504);
    expect(response.json()).toMatchObject({ status: 504, title: 'Gateway Timeout' });
  });

  test('an unreachable upstream is 502', async () => {
    const rest = await build();
    await upstream.close();
    const response = await rest.inject({ url: '/items/abc' });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ status: 502, title: 'Bad Gateway' });
    upstream = await startTestUpstream();
  });

  test('an event stream is relayed as text/event-stream, one frame per event', async () => {
    const rest = await build();
    const response = await rest.inject({ url: '/events/stream?end=1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(response.headers['x-accel-buffering']).toBe('no');
    expect(response.body).toBe(
      ': stream open\n\nevent: tick\ndata: {"n":1}\n\nevent: tick\ndata: {"n":2}\n\nevent: tick\ndata: {"n":3}\n\n',
    );
  });

  test('unknown routes are 404 problems', async () => {
    const rest = await build();
    const response = await rest.inject({ url: '/nowhere?secret=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: 404, detail: 'no route for GET /nowhere' });
  });
});

describe('forward', () => {
  test('the rest of the path, query and body go upstream with only trusted headers', async () => {
    const rest = await build();
    const response = await rest.inject({
      method: 'POST',
      url: '/proxy/a/b%20c?x=1&y=%2F',
      headers: {
        'x-trace': 't-9',
        cookie: 'sid=1',
        'x-internal': 'secret',
        authorization: 'Bearer client',
        'content-type': 'text/plain',
      },
      payload: 'raw body bytes',
    });
    expect(response.statusCode).toBe(207);
    expect(response.headers['x-upstream']).toBe('yes');
    const echoed = response.json();
    expect(echoed).toMatchObject({
      method: 'POST',
      path: '/proxy/a/b%20c',
      search: '?x=1&y=%2F',
      body: 'raw body bytes',
    });
    expect(echoed.headers).toMatchObject({
      'x-trace': 't-9',
      authorization: 'Bearer client',
      'content-type': 'text/plain',
    });
    expect(echoed.headers.cookie).toBeUndefined();
    expect(echoed.headers['x-internal']).toBeUndefined();
  });

  test("the gateway's own bearer token is never forwarded, even as a trusted header", async () => {
    const rest = await build({ authentication: "{ type: bearer, token: '{{GATEWAY_TOKEN}}' }" });
    const response = await rest.inject({
      url: '/proxy/x',
      headers: { authorization: 'Bearer gateway-token-123', 'x-trace': 't-1' },
    });
    expect(response.statusCode).toBe(207);
    expect(response.json().headers.authorization).toBeUndefined();
    expect(response.json().headers['x-trace']).toBe('t-1');
  });

  test("the gateway's own query token is stripped before forwarding", async () => {
    const rest = await build({
      authentication: "{ type: apikey, key: token, placement: query, value: '{{GATEWAY_TOKEN}}' }",
    });
    const response = await rest.inject({ url: '/proxy/x?token=gateway-token-123&x=1' });
    expect(response.statusCode).toBe(207);
    expect(response.json().search).toBe('?x=1');
    expect(upstream.requests.at(-1)?.url).toBe('/proxy/x?x=1');
  });

  test('fields named in Connection are dropped both ways (RFC 9110 7.6.1)', async () => {
    const rest = await build();
    const response = await rest.inject({
      url: '/proxy/x?hop=1',
      headers: { 'x-trace': 't-1', connection: 'keep-alive, X-Trace' },
    });
    expect(response.statusCode).toBe(207);
    expect(response.json().headers['x-trace']).toBeUndefined();
    expect(response.headers['x-upstream']).toBe('yes');
    expect(response.headers['x-hop']).toBeUndefined();
  });

  test('an upstream echoing the held key in a forwarded body or header gets it redacted', async () => {
    const rest = await build();
    const response = await rest.inject({ url: '/raw/proxy/echo' });
    expect(response.statusCode).toBe(207);
    expect(upstream.requests.at(-1)?.headers.authorization).toBe('Bearer upstream-secret-key');
    expect(response.body).not.toContain('upstream-secret-key');
    expect(response.json().headers.authorization).toBe('[REDACTED]');
    // The echo is chunked: the redacted body streams on without a content-length.
    expect(response.headers['content-length']).toBeUndefined();
  });

  test('the official catch-all form `/notion/{{path}}` forwards what is below `/notion`', async () => {
    const rest = await build();
    const response = await rest.inject({ method: 'GET', url: '/notion/pages/42?x=1' });
    expect(response.statusCode).toBe(207);
    expect(response.json()).toMatchObject({ method: 'GET', path: '/proxy/pages/42', search: '?x=1' });
  });

  test('dot segments are refused and oversized bodies stopped', async () => {
    const rest = await build({ bodyLimit: 1024 });
    const response = await rest.inject({ url: '/proxy/%2e%2E%2fx' });
    expect(response.statusCode).toBe(400);
    const huge = await rest.inject({
      method: 'PUT',
      url: '/proxy/big',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(4096),
    });
    expect(huge.statusCode).toBe(413);
    expect(upstream.requests).toEqual([]);
  });
});

describe('inbound authentication', () => {
  test('bearer: 401 with WWW-Authenticate unless the token matches', async () => {
    const rest = await build({ authentication: "{ type: bearer, token: '{{GATEWAY_TOKEN}}' }" });
    const missing = await rest.inject({ url: '/mock?who=a' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="naftiko"');
    expect(missing.headers['content-type']).toMatch(PROBLEM_JSON);
    const wrong = await rest.inject({
      url: '/mock?who=a',
      headers: { authorization: 'Bearer gateway-token-12' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await rest.inject({
      url: '/mock?who=a',
      headers: { authorization: 'Bearer gateway-token-123' },
    });
    expect(right.statusCode).toBe(200);
    const unknownRoute = await rest.inject({ url: '/nowhere' });
    expect(unknownRoute.statusCode).toBe(401);
  });

  test('basic and apikey (header and query)', async () => {
    const basic = await build({
      authentication: "{ type: basic, username: admin, password: '{{GATEWAY_TOKEN}}' }",
    });
    const credentials = Buffer.from('admin:gateway-token-123').toString('base64');
    expect(
      (await basic.inject({ url: '/mock', headers: { authorization: `Basic ${credentials}` } })).statusCode,
    ).toBe(200);
    const denied = await basic.inject({ url: '/mock', headers: { authorization: 'Basic YWRtaW46eA==' } });
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['www-authenticate']).toBe('Basic realm="naftiko", charset="UTF-8"');
    await app?.close();
    await running?.stop();

    const header = await build({
      authentication: "{ type: apikey, key: X-Api-Key, value: '{{GATEWAY_TOKEN}}' }",
    });
    expect(
      (await header.inject({ url: '/mock', headers: { 'x-api-key': 'gateway-token-123' } })).statusCode,
    ).toBe(200);
    expect((await header.inject({ url: '/mock', headers: { 'x-api-key': 'nope' } })).statusCode).toBe(401);
    await app?.close();
    await running?.stop();

    const query = await build({
      authentication: "{ type: apikey, key: key, placement: query, value: '{{GATEWAY_TOKEN}}' }",
    });
    expect((await query.inject({ url: '/mock?key=gateway-token-123' })).statusCode).toBe(200);
    expect((await query.inject({ url: '/mock?key=x' })).statusCode).toBe(401);
  });

  test('an unsupported inbound scheme fails the build with a clear error', async () => {
    await expect(build({ authentication: '{ type: digest, username: a, password: b }' })).rejects.toThrow(
      /rest "api": inbound digest authentication is not supported; use bearer, apikey, basic or oauth2/,
    );
  });
});
