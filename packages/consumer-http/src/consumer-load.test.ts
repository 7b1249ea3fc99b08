import type { ServerResponse } from 'node:http';
import { isNaftikoError } from '@naftiko/core';
import { afterEach, describe, expect, test } from 'vitest';
import type { HttpConsumerOptions } from './create-http-consumer.js';
import { createTestConsumer, type TestConsumer } from './testing/create-test-consumer.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

let server: TestServer | undefined;
let consumer: TestConsumer | undefined;
const held: ServerResponse[] = [];

afterEach(async () => {
  for (const response of held.splice(0)) response.destroy();
  await consumer?.close();
  await server?.close();
  consumer = undefined;
  server = undefined;
});

async function setup(options: HttpConsumerOptions): Promise<TestConsumer> {
  server = await startTestServer((request, response) => {
    if (request.url === '/hold') {
      held.push(response); // never answers
      return;
    }
    if (request.url === '/half') {
      // Declares 600 bytes, sends half: the reader holds its share of the budget meanwhile.
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '600' });
      response.write(`"${'x'.repeat(298)}`);
      held.push(response);
      return;
    }
    if (request.url === '/retry') {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      response.end('{"error":{"type":"rate_limit_error","message":"slow down"}}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  consumer = createTestConsumer(
    {
      type: 'http',
      namespace: 'api',
      baseUri: server.url,
      resources: [
        { name: 'hold', path: '/hold', operations: [{ name: 'hold', method: 'GET' }] },
        { name: 'half', path: '/half', operations: [{ name: 'half', method: 'GET' }] },
        { name: 'retry', path: '/retry', operations: [{ name: 'retry', method: 'GET' }] },
        { name: 'ok', path: '/ok', operations: [{ name: 'ok', method: 'GET' }] },
      ],
    },
    { consumer: { timeoutMs: 10_000, ...options } },
  );
  return consumer;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('consumer load limits', () => {
  test('calls past maxConcurrentCalls fail at once with BUSY, nothing sent upstream', async () => {
    const api = await setup({ maxConcurrentCalls: 2 });
    const first = api.call('hold').catch(() => undefined);
    const second = api.call('hold').catch(() => undefined);
    await until(() => server!.requests.length === 2);
    const error = await rejection(api.call('ok'));
    expect(isNaftikoError(error, 'BUSY')).toBe(true);
    expect((error as Error).message).toContain('2 upstream calls are already in flight');
    expect((error as { data: unknown }).data).toMatchObject({ scope: 'calls', limit: 2, retryAfter: 1 });
    expect(server!.requests.length).toBe(2);
    // A finished call frees its slot.
    for (const response of held.splice(0)) response.destroy();
    await Promise.all([first, second]);
    expect((await api.call('ok')).body).toEqual({ type: 'data', value: { ok: true } });
  });

  test('answers that would pass maxBufferedBytes fail with BUSY; the budget is given back', async () => {
    const api = await setup({ maxBufferedBytes: 1_000, maxResponseBytes: 1_000 });
    const first = api.call('half').catch((error: unknown) => error);
    await until(() => held.length === 1);
    const error = await rejection(api.call('half'));
    expect(isNaftikoError(error, 'BUSY')).toBe(true);
    expect((error as { data: unknown }).data).toMatchObject({ scope: 'bytes', limit: 1_000 });
    for (const response of held.splice(0)) response.destroy();
    await first;
    expect((await api.call('ok')).body).toEqual({ type: 'data', value: { ok: true } });
  });

  test("an upstream 429's Retry-After is kept on the error", async () => {
    const api = await setup({});
    const error = await rejection(api.call('retry'));
    expect(isNaftikoError(error, 'UPSTREAM_STATUS')).toBe(true);
    expect((error as { data: unknown }).data).toMatchObject({ status: 429, retryAfter: '7' });
  });
});
