import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:net';
import { isNaftikoError } from '@naftiko/core';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createRestExposer } from './create-rest-exposer.js';
import { itemsCapability } from './testing/items-capability.js';
import { startTestEngine, type TestEngine } from './testing/start-test-engine.js';
import { BYTE_PATTERN, startTestUpstream, type TestUpstream } from './testing/start-test-upstream.js';

/** The part of an OpenAPI document the test reads; its `expect`s fail when a part is missing. */
type OpenApiPaths = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
};

const ENV = { UPSTREAM_KEY: 'upstream-secret-key', GATEWAY_TOKEN: 'gateway-token-123' };

let upstream: TestUpstream;
let running: TestEngine | undefined;

beforeEach(async () => {
  upstream = await startTestUpstream();
});
afterEach(async () => {
  await running?.stop();
  await upstream.close();
  running = undefined;
});

async function start(options: { heartbeatMs?: number; port?: number } = {}): Promise<string> {
  running = await startTestEngine({
    yaml: itemsCapability(upstream.url),
    env: ENV,
    exposers: [createRestExposer({ heartbeatMs: options.heartbeatMs ?? 0 })],
    overrides: { port: { api: options.port ?? 0 } },
  });
  const address = running.engine.addresses.find((entry) => entry.type === 'rest');
  expect(address).toMatchObject({ type: 'rest', namespace: 'api' });
  return address!.url;
}

/** A request whose path is sent byte for byte (fetch and inject normalise dot segments). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

test('listens on loopback by default and serves operations over a real socket', async () => {
  const url = await start();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const response = await fetch(`${url}/items/abc?limit=2`);
  expect(response.status).toBe(200);
  expect(response.headers.get('x-request-id')).toBeTruthy();
  expect(await response.json()).toMatchObject({ id: 'abc', query: { limit: ['2'] } });
});

test('raw dot segments in a path parameter or a forwarded path are refused before any upstream call', async () => {
  const url = await start();
  expect((await rawGet(url, '/items/%2E%2E/summary')).status).toBe(400);
  expect((await rawGet(url, '/items/../summary')).status).toBe(400);
  for (const path of ['/proxy/a/../../etc', '/proxy/%2e%2E/x', '/proxy/./x', '/proxy/..']) {
    const response = await rawGet(url, path);
    expect(response.status, path).toBe(400);
    expect(JSON.parse(response.body).detail).toContain('"." or ".."');
  }
  expect(upstream.requests).toEqual([]);
});

test('SSE events arrive one by one as the upstream sends them, with heartbeats', async () => {
  const url = await start({ heartbeatMs: 15 });
  const response = await fetch(`${url}/events/stream`);
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  // The upstream keeps the stream open after three events: seeing them proves no buffering
  // until the end of the upstream response.
  while (!text.includes('data: {"n":3}')) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended early: ${text}`);
    text += value;
  }
  expect(text).toContain('event: tick\ndata: {"n":1}\n\n');
  expect(text).toContain(': heartbeat\n\n');
  await reader.cancel();
});

test('a client that disconnects mid-stream aborts the upstream request at once', async () => {
  const url = await start();
  const controller = new AbortController();
  const response = await fetch(`${url}/events/stream`, { signal: controller.signal });
  const reader = response.body!.getReader();
  await reader.read();
  controller.abort();
  // Resolves when the upstream sees its client leave; if it never does, the test times out.
  await upstream.streamClosed;
});

test('forward mode streams the upstream answer as it comes and stops the upstream when the client leaves', async () => {
  const url = await start();
  const controller = new AbortController();
  const response = await fetch(`${url}/raw/events/stream`, { signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  // The upstream never ends this response: reading its events proves nothing waits for the end.
  while (!text.includes('data: {"n":3}')) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`forwarded stream ended early: ${text}`);
    text += value;
  }
  // The consumer's credentials were added; the client's were not needed.
  expect(upstream.requests[0]?.headers.authorization).toBe('Bearer upstream-secret-key');
  controller.abort();
  // Resolves when the upstream sees its client leave; if it never does, the test times out.
  await upstream.streamClosed;
});

test.each([
  ['binary, relayed untouched', ''],
  ['text scanned for the held key as it streams', '?text=1'],
])(
  'a forwarded download its client reads slowly waits upstream, not in memory (%s)',
  async (_kind, query) => {
    const url = await start();
    const total = 32 * 1024 * 1024;
    const { hostname, port } = new URL(url);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpRequest({ host: hostname, port, path: `/raw/bytes/${total}${query}` }, resolve);
      request.on('error', reject);
      request.end();
    });
    response.pause();
    // Socket buffers fill, then the upstream has to wait: a relay that kept reading would buffer
    // the whole answer and let the upstream finish.
    let last = -1;
    while (upstream.bytesSent !== last) {
      last = upstream.bytesSent;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(upstream.bytesSent).toBeLessThan(total / 2);
    let received = 0;
    let firstWrong = -1;
    const period = BYTE_PATTERN.length / 2;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      for (let at = 0; firstWrong === -1 && at < chunk.length; at += period) {
        const part = chunk.subarray(at, at + period);
        const phase = (received + at) % period;
        if (!part.equals(BYTE_PATTERN.subarray(phase, phase + part.length))) firstWrong = received + at;
      }
      received += chunk.length;
    }
    expect(firstWrong).toBe(-1);
    expect(received).toBe(total);
  },
);

test('OpenAPI description at /openapi.json marks streaming operations', async () => {
  const url = await start();
  const document = (await (await fetch(`${url}/openapi.json`)).json()) as OpenApiPaths;
  expect(document.openapi).toBe('3.1.0');
  expect(Object.keys(document.paths['/events/stream']?.get?.responses['200']?.content ?? {})).toEqual([
    'text/event-stream',
  ]);
});

test('a port in use is a LISTEN_FAILED error naming the expose', async () => {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const error = await start({ port }).catch((caught: unknown) => caught);
    expect(isNaftikoError(error, 'LISTEN_FAILED')).toBe(true);
    expect((error as Error).message).toContain(`rest "api" cannot listen on 127.0.0.1:${port}`);
  } finally {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  }
});

// `/raw/slow` is a forward route holding the upstream key: its answer would be read whole.
test.each(['/slow', '/raw/slow'])(
  'a client that hangs up aborts its upstream call within a second (%s)',
  async (path) => {
    running = await startTestEngine({
      yaml: itemsCapability(upstream.url),
      env: ENV,
      // The consumer's own timeout is far away: only the hang-up can end the call in time.
      consumer: { timeoutMs: 60_000 },
      exposers: [createRestExposer({ heartbeatMs: 0 })],
      overrides: { port: { api: 0 } },
    });
    const url = running.engine.addresses.find((entry) => entry.type === 'rest')?.url ?? '';
    const { hostname, port } = new URL(url);
    const request = httpRequest({ host: hostname, port, path, method: 'GET' });
    request.on('error', () => undefined);
    request.end();
    const deadline = Date.now() + 5_000;
    while (upstream.slowOpen === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(upstream.slowOpen).toBe(1);
    request.destroy();
    const hungUp = Date.now();
    while (upstream.slowOpen > 0 && Date.now() - hungUp < 1_000) await new Promise((r) => setTimeout(r, 10));
    expect(upstream.slowOpen).toBe(0);
  },
);

test("an upstream 429's Retry-After reaches the client; a busy gateway answers 503 with one", async () => {
  running = await startTestEngine({
    yaml: itemsCapability(upstream.url),
    env: ENV,
    consumer: { maxConcurrentCalls: 1, timeoutMs: 60_000 },
    exposers: [createRestExposer({ heartbeatMs: 0 })],
    overrides: { port: { api: 0 } },
  });
  const url = running.engine.addresses.find((entry) => entry.type === 'rest')?.url ?? '';
  const limited = await fetch(`${url}/fail/429`);
  expect(limited.status).toBe(429);
  expect(limited.headers.get('retry-after')).toBe('7');
  expect(await limited.json()).toMatchObject({ retryAfter: '7', errorType: 'boom_error' });

  const slow = new AbortController();
  const pending = fetch(`${url}/slow`, { signal: slow.signal }).catch(() => undefined);
  const deadline = Date.now() + 5_000;
  while (upstream.slowOpen === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const busy = await fetch(`${url}/items/abc`);
  expect(busy.status).toBe(503);
  expect(busy.headers.get('retry-after')).toBe('1');
  expect(((await busy.json()) as { detail: string }).detail).toContain(
    'upstream calls are already in flight',
  );
  slow.abort();
  await pending;
});
