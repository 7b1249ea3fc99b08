import { createRedactor, isNaftikoError } from '@naftiko/core';
import { afterEach, describe, expect, test } from 'vitest';
import { redactBody } from './redact-body.js';
import { createTestConsumer, type TestConsumer } from './testing/create-test-consumer.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

let server: TestServer | undefined;
let consumer: TestConsumer | undefined;

afterEach(async () => {
  await consumer?.close();
  await server?.close();
  consumer = undefined;
  server = undefined;
});

// Echoes what it received, in an error for /fail and as a body otherwise, with an exact length.
async function startEcho(): Promise<TestServer> {
  server = await startTestServer((request, response) => {
    const echo = JSON.stringify({ url: request.url, authorization: request.headers.authorization ?? null });
    const status = request.url?.startsWith('/fail') ? 401 : 200;
    const text =
      status === 401
        ? JSON.stringify({ error: { type: 'authentication_error', message: `refused ${echo}` } })
        : echo;
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      // An upstream reflecting the credential in a URL header.
      location: `https://elsewhere.example/?seen=${encodeURIComponent(request.headers.authorization ?? '')}`,
    });
    response.end(text);
  });
  return server;
}

function basicConsumer(url: string): TestConsumer {
  consumer = createTestConsumer(
    {
      type: 'http',
      namespace: 'api',
      baseUri: url,
      authentication: { type: 'basic', username: '{{USER}}', password: '{{PASS}}' },
      resources: [
        { name: 'ok', path: '/ok', operations: [{ name: 'ok', method: 'GET' }] },
        { name: 'fail', path: '/fail', operations: [{ name: 'fail', method: 'GET' }] },
      ],
    },
    { binds: { env: { USER: 'svc', PASS: 'hunter2-secret' } } },
  );
  return consumer;
}

const BASIC = Buffer.from('svc:hunter2-secret').toString('base64');

describe('held credentials never come back', () => {
  test('a basic credential echoed in an error is redacted in its base64 form', async () => {
    const api = basicConsumer((await startEcho()).url);
    const error = await api.call('fail').catch((caught: unknown) => caught);
    expect(isNaftikoError(error, 'UPSTREAM_STATUS')).toBe(true);
    expect(server!.requests[0]?.headers.authorization).toBe(`Basic ${BASIC}`);
    const text = JSON.stringify({
      message: (error as Error).message,
      data: (error as { data: unknown }).data,
    });
    expect(text).not.toContain(BASIC);
    expect(text).not.toContain('aHVudGVyMi1zZWNyZXQ'.slice(0, 12));
    expect(text).toContain('[REDACTED]');
  });

  test('a credential echoed in a body or a header URL is redacted from the answer', async () => {
    const api = basicConsumer((await startEcho()).url);
    const response = await api.call('ok');
    expect(response.body).toEqual({ type: 'data', value: { url: '/ok', authorization: '[REDACTED]' } });
    expect(response.headers.location).toBe('https://elsewhere.example/?seen=[REDACTED]');
  });

  test('a forwarded body keeps an exact content-length after redaction', async () => {
    const api = basicConsumer((await startEcho()).url);
    const response = await api.instance.doForward!(
      { method: 'GET', path: '/echo', search: '', headers: {} },
      {},
    );
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body!) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    expect(JSON.parse(body)).toEqual({ url: '/echo', authorization: '[REDACTED]' });
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  test('a caller cannot add a second copy of a held query key', async () => {
    server = await startTestServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    consumer = createTestConsumer(
      {
        type: 'http',
        namespace: 'api',
        baseUri: server.url,
        authentication: { type: 'apikey', key: 'api_key', placement: 'query', value: '{{KEY}}' },
        resources: [],
      },
      { binds: { env: { KEY: 'held-key-value' } } },
    );
    const response = await consumer.instance.doForward!(
      { method: 'GET', path: '/x', search: '?api_key=evil&y=1&api%5Fkey=evil2', headers: {} },
      {},
    );
    for await (const _chunk of response.body!) {
      // drain
    }
    expect(server.requests[0]?.url).toBe('/x?y=1&api_key=held-key-value');
  });

  test('a secret split across streamed chunks is still caught, and nothing else waits', async () => {
    const redactor = createRedactor({ values: ['s3cr3t-value'] });
    const chunks = ['data: {"k":"s3cr', '3t-value"}\n\n', 'data: {"n":2}\n\n'];
    const headers: Record<string, string> = { 'content-type': 'text/event-stream' };
    const seen: string[] = [];
    const body = await redactBody({
      body: (async function* () {
        for (const chunk of chunks) yield Buffer.from(chunk);
      })(),
      headers,
      redactor,
    });
    if (Buffer.isBuffer(body)) throw new Error('a chunked body streams, it is not read whole');
    for await (const chunk of body) seen.push(Buffer.from(chunk).toString('utf8'));
    expect(seen.join('')).toBe('data: {"k":"[REDACTED]"}\n\ndata: {"n":2}\n\n');
    // The held-back tail is only what could start the secret ("s3cr").
    expect(seen[0]).toBe('data: {"k":"');
    expect(seen[1]).toBe('[REDACTED]"}\n\n');
  });
});
