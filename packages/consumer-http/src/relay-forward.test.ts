import { PassThrough } from 'node:stream';
import { type ForwardSink, isNaftikoError } from '@naftiko/core';
import { afterEach, expect, test } from 'vitest';
import { createTestConsumer, type TestConsumer } from './testing/create-test-consumer.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

// relayForward implements undici's dispatch handler itself (instead of undici's `stream`): these
// exchanges against a real server fail if undici changes that contract under it.

let server: TestServer | undefined;
let consumer: TestConsumer | undefined;

afterEach(async () => {
  await consumer?.close();
  await server?.close();
  consumer = undefined;
  server = undefined;
});

const KEY = 'held-relay-key-value';

function keyedConsumer(url: string): TestConsumer {
  consumer = createTestConsumer(
    {
      type: 'http',
      namespace: 'api',
      baseUri: url,
      authentication: { type: 'apikey', key: 'x-api-key', placement: 'header', value: '{{KEY}}' },
      resources: [{ name: 'any', path: '/any', operations: [{ name: 'any', method: 'GET' }] }],
    },
    { binds: { env: { KEY } } },
  );
  return consumer;
}

/** A sink collecting what the relay writes, and the close listener it registered. */
function collectingSink(): {
  sink: ForwardSink;
  heads: { status: number; headers: Record<string, string | string[]> }[];
  body: () => Promise<Buffer>;
  close: () => void;
} {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve) => out.on('end', resolve));
  const heads: { status: number; headers: Record<string, string | string[]> }[] = [];
  let onClose: (() => void) | undefined;
  return {
    sink: {
      open: (head) => {
        heads.push(head);
        return out;
      },
      onClose: (listener) => {
        onClose = listener;
      },
    },
    heads,
    body: async () => {
      await ended;
      return Buffer.concat(chunks);
    },
    close: () => onClose?.(),
  };
}

test('a text answer is read whole, the held key redacted, its content-length exact', async () => {
  server = await startTestServer((request, response) => {
    const text = JSON.stringify({ echoed: request.headers['x-api-key'] });
    response.writeHead(203, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      connection: 'keep-alive, x-hop',
      'x-hop': 'this hop only',
      'x-kept': 'yes',
    });
    response.end(text);
  });
  const api = keyedConsumer(server.url);
  const collected = collectingSink();
  const answer = await api.instance.doForward!(
    { method: 'GET', path: '/a', search: '?q=1', headers: {} },
    { sink: collected.sink },
  );
  const body = await collected.body();
  expect(body.toString()).toBe('{"echoed":"[REDACTED]"}');
  expect(answer.status).toBe(203);
  expect(collected.heads).toHaveLength(1);
  expect(collected.heads[0]?.headers['content-length']).toBe(String(body.length));
  expect(collected.heads[0]?.headers['x-kept']).toBe('yes');
  expect(collected.heads[0]?.headers['x-hop']).toBeUndefined();
  expect(collected.heads[0]?.headers.connection).toBeUndefined();
  expect(server.requests[0]?.url).toBe('/a?q=1');
});

test('a binary answer streams through untouched, chunk by chunk', async () => {
  const parts = [Buffer.alloc(70_000, 1), Buffer.alloc(50_000, 2)];
  server = await startTestServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.write(parts[0]);
    setTimeout(() => response.end(parts[1]), 20);
  });
  const collected = collectingSink();
  await keyedConsumer(server.url).instance.doForward!(
    { method: 'GET', path: '/bin', search: '', headers: {} },
    { sink: collected.sink },
  );
  expect((await collected.body()).equals(Buffer.concat(parts))).toBe(true);
});

test('a sink closed before the answer aborts the upstream exchange, as ABORTED', async () => {
  let upstreamClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    upstreamClosed = resolve;
  });
  server = await startTestServer((_request, response) => {
    response.on('close', () => upstreamClosed());
  });
  const collected = collectingSink();
  const pending = keyedConsumer(server.url).instance.doForward!(
    { method: 'GET', path: '/never', search: '', headers: {} },
    { sink: collected.sink },
  );
  while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  collected.close();
  const error = await pending.catch((caught: unknown) => caught);
  expect(isNaftikoError(error, 'ABORTED')).toBe(true);
  await closed;
  expect(collected.heads).toEqual([]);
});
