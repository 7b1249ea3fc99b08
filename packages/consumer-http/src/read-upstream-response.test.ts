import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import {
  type ConsumesSpec,
  caught,
  createTestConsumer,
  type TestConsumer,
} from './testing/create-test-consumer.js';
import { sendJson, startTestServer, type TestHandler, type TestServer } from './testing/test-server.js';

let server: TestServer | undefined;
let consumer: TestConsumer | undefined;

afterEach(async () => {
  await consumer?.close();
  consumer = undefined;
  await server?.close();
  server = undefined;
});

type OperationSpec = NonNullable<ConsumesSpec['resources']>[number]['operations'][number];

async function setup(
  handler: TestHandler,
  operation: Partial<OperationSpec> = {},
  consumerOptions: Parameters<typeof createTestConsumer>[1] = {},
): Promise<TestConsumer> {
  server = await startTestServer(handler);
  consumer = createTestConsumer(
    {
      type: 'http',
      namespace: 'api',
      baseUri: server.url,
      resources: [
        { name: 'r', path: '/r', operations: [{ name: 'op', method: 'GET', ...operation } as OperationSpec] },
      ],
    },
    consumerOptions,
  );
  return consumer;
}

function send(response: ServerResponse, status: number, contentType: string, text: string): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(text);
}

describe('response formats', () => {
  test('json keeps status, content type and headers for exposers', async () => {
    await setup((_request, response) => {
      response.setHeader('request-id', 'req_1');
      sendJson(response, 201, { id: 'x' });
    });
    const response = await consumer!.call('op');
    expect(response.status).toBe(201);
    expect(response.contentType).toBe('application/json');
    expect(response.headers['request-id']).toBe('req_1');
    expect(response.body).toEqual({ type: 'data', value: { id: 'x' } });
  });

  test.each<[NonNullable<OperationSpec['outputRawFormat']>, string, string, unknown]>([
    ['text', 'text/plain', 'plain text\n', { type: 'text', text: 'plain text\n' }],
    ['html', 'text/html', '<p>hi</p>', { type: 'text', text: '<p>hi</p>' }],
    ['markdown', 'text/markdown', '# T\n', { type: 'text', text: '# T\n' }],
    ['yaml', 'application/yaml', 'a: [1, 2]\n', { type: 'data', value: { a: [1, 2] } }],
    ['xml', 'application/xml', '<r><a x="1">t</a></r>', { type: 'data', value: { a: { x: '1', '': 't' } } }],
    ['csv', 'text/csv', 'a,b\n1,2\n', { type: 'data', value: [{ a: '1', b: '2' }] }],
    ['tsv', 'text/tab-separated-values', 'a\tb\n1\t2\n', { type: 'data', value: [{ a: '1', b: '2' }] }],
    ['psv', 'text/plain', 'a|b\n1|2\n', { type: 'data', value: [{ a: '1', b: '2' }] }],
  ])('outputRawFormat %s', async (format, contentType, text, expected) => {
    await setup((_request, response) => send(response, 200, contentType, text), { outputRawFormat: format });
    expect((await consumer!.call('op')).body).toEqual(expected);
  });

  test('a charset other than UTF-8 is decoded as declared', async () => {
    await setup(
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain; charset=ISO-8859-1' });
        response.end(Buffer.from([0x63, 0x61, 0x66, 0xe9])); // "café" in Latin-1
      },
      { outputRawFormat: 'text' },
    );
    expect((await consumer!.call('op')).body).toEqual({ type: 'text', text: 'café' });
  });

  test('a body that does not parse as the declared format is UPSTREAM_BAD_RESPONSE', async () => {
    await setup((_request, response) => send(response, 200, 'text/html', '<html>oops</html>'));
    const error = await caught(() => consumer!.call('op'));
    expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(error.message).toMatch(
      /^api\.op: cannot read the response as json: the upstream answered invalid JSON/,
    );
  });

  test('avro/protobuf are refused at load', async () => {
    await expect(setup(() => {}, { outputRawFormat: 'avro' })).rejects.toThrow(
      /api\.op: outputRawFormat 'avro' is not supported by the http consumer/,
    );
  });
});

describe('upstream errors', () => {
  test('4xx with the Anthropic envelope', async () => {
    await setup((_request, response) =>
      sendJson(response, 404, {
        type: 'error',
        error: { type: 'not_found_error', message: 'session sesn_1 not found' },
      }),
    );
    const error = await caught(() => consumer!.call('op'));
    expect(error.code).toBe('UPSTREAM_STATUS');
    expect(error.message).toBe('api.op: the upstream answered 404 not_found_error: session sesn_1 not found');
    expect(error.data).toEqual({
      operation: 'api.op',
      status: 404,
      errorType: 'not_found_error',
      message: 'session sesn_1 not found',
    });
  });

  test('5xx with a huge plain body: message capped, connection not drained', async () => {
    await setup((_request, response) =>
      send(response, 502, 'text/plain', `Bad Gateway ${'x'.repeat(200_000)}`),
    );
    const error = await caught(() => consumer!.call('op'));
    expect(error.code).toBe('UPSTREAM_STATUS');
    expect(error.data?.status).toBe(502);
    expect(error.message.length).toBeLessThan(600);
    expect(error.message).toMatch(/^api\.op: the upstream answered 502: Bad Gateway x+\.\.\. \(truncated\)$/);
  });

  test('a response over the size cap fails, by declared length and while streaming', async () => {
    await setup(
      (request, response) => {
        if (request.url === '/r?chunked=1') {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write(`"${'x'.repeat(800)}`);
          response.end(`${'x'.repeat(800)}"`);
          return;
        }
        sendJson(response, 200, 'x'.repeat(2000));
      },
      { inputParameters: [{ name: 'chunked', in: 'query' }] },
      { consumer: { maxResponseBytes: 1000 } },
    );
    for (const parameters of [{}, { chunked: 1 }]) {
      const error = await caught(() => consumer!.call('op', parameters));
      expect(error.code).toBe('UPSTREAM_RESPONSE_TOO_LARGE');
      expect(error.message).toBe(
        'api.op: the upstream response is larger than the 1000-byte limit (raise maxResponseBytes if it is expected)',
      );
    }
  });
});

describe('network failures and timeouts', () => {
  test('connection refused is named plainly', async () => {
    consumer = createTestConsumer({
      type: 'http',
      namespace: 'api',
      baseUri: 'http://127.0.0.1:1',
      resources: [{ name: 'r', path: '/r', operations: [{ name: 'op', method: 'GET' }] }],
    });
    const error = await caught(() => consumer!.call('op'));
    expect(error.code).toBe('UPSTREAM_UNREACHABLE');
    expect(error.message).toBe('api.op: cannot reach http://127.0.0.1:1 (connection refused)');
    expect(error.data).toEqual({ operation: 'api.op', url: 'http://127.0.0.1:1' });
  });

  test('an unknown host is named plainly', async () => {
    consumer = createTestConsumer({
      type: 'http',
      namespace: 'api',
      baseUri: 'http://no-such-host.invalid',
      resources: [{ name: 'r', path: '/r', operations: [{ name: 'op', method: 'GET' }] }],
    });
    const error = await caught(() => consumer!.call('op'));
    expect(error.code).toBe('UPSTREAM_UNREACHABLE');
    expect(error.message).toBe('api.op: cannot reach http://no-such-host.invalid (host name not found)');
  });

  test('connect timeout: a TCP peer that never completes the TLS handshake', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      consumer = createTestConsumer(
        {
          type: 'http',
          namespace: 'api',
          baseUri: `https://127.0.0.1:${port}`,
          resources: [{ name: 'r', path: '/r', operations: [{ name: 'op', method: 'GET' }] }],
        },
        { consumer: { connectTimeoutMs: 200, timeoutMs: 10_000 } },
      );
      const started = Date.now();
      const error = await caught(() => consumer!.call('op'));
      expect(error.code).toBe('UPSTREAM_TIMEOUT');
      expect(error.message).toBe(`api.op: could not connect to https://127.0.0.1:${port} within 200 ms`);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  test('total timeout: an upstream that never answers', async () => {
    await setup(() => {}, {}, { consumer: { timeoutMs: 300 } });
    const started = Date.now();
    const error = await caught(() => consumer!.call('op'));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.message).toBe(`api.op: ${server?.url} did not answer within 300 ms`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('total timeout: a body that trickles in past the budget is cut (no idle gap is ever long)', async () => {
    let timer: NodeJS.Timeout | undefined;
    await setup(
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('[');
        timer = setInterval(() => response.write('0,'), 50);
        response.on('close', () => clearInterval(timer));
      },
      {},
      { consumer: { timeoutMs: 300 } },
    );
    const started = Date.now();
    const error = await caught(() => consumer!.call('op'));
    clearInterval(timer);
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.message).toBe(`api.op: ${server?.url} did not answer within 300 ms`);
    expect(Date.now() - started).toBeLessThan(3000);
    await server?.closed(0);
  });

  test('time spent queued for a connection counts toward the timeout, and the caller can cancel it', async () => {
    await setup(
      (request, response) => {
        // An event stream that stays open holds the only connection for as long as it is read.
        if (request.url === '/r?stream=1') response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.flushHeaders();
      },
      { inputParameters: [{ name: 'stream', in: 'query' }] },
      { consumer: { timeoutMs: 300, connections: 1 } },
    );
    const stream = await consumer!.call('op', { stream: 1 });
    expect(stream.body.type).toBe('stream');
    const started = Date.now();
    const queued = await caught(() => consumer!.call('op'));
    expect(queued.code).toBe('UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
    const controller = new AbortController();
    const cancelled = caught(() => consumer!.call('op', {}, { signal: controller.signal }));
    controller.abort();
    expect((await cancelled).code).toBe('ABORTED');
    if (stream.body.type === 'stream') await stream.body.events[Symbol.asyncIterator]().return?.();
  });

  test('the caller aborting is ABORTED, and the upstream sees the connection close', async () => {
    await setup(() => {});
    const controller = new AbortController();
    const pending = caught(() => consumer!.call('op', {}, { signal: controller.signal }));
    while (server?.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const error = await pending;
    expect(error.code).toBe('ABORTED');
    await server?.closed(0);
  });
});

describe('server-sent events', () => {
  function sseServer(options: { events: number; onClose?: () => void }): TestHandler {
    return (_request, response) => {
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
      });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= options.events) {
          clearInterval(timer);
          response.end();
          return;
        }
        sent += 1;
        response.write(`event: agent.message\nid: ${sent}\ndata: {"n":${sent}}\n\n`);
      }, 5);
      response.on('close', () => {
        clearInterval(timer);
        options.onClose?.();
      });
    };
  }

  test('text/event-stream becomes a stream of parsed events, whatever the declared format', async () => {
    await setup(sseServer({ events: 3 }), { outputRawFormat: 'text' });
    const response = await consumer!.call('op');
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('text/event-stream; charset=utf-8');
    if (response.body.type !== 'stream') throw new Error('expected a stream');
    const events = [];
    for await (const event of response.body.events) events.push(event);
    expect(events).toEqual([
      { event: 'agent.message', id: '1', data: '{"n":1}' },
      { event: 'agent.message', id: '2', data: '{"n":2}' },
      { event: 'agent.message', id: '3', data: '{"n":3}' },
    ]);
  });

  test('a stream outlives the total timeout', async () => {
    await setup(sseServer({ events: 30 }), {}, { consumer: { timeoutMs: 100 } });
    const response = await consumer!.call('op');
    if (response.body.type !== 'stream') throw new Error('expected a stream');
    let count = 0;
    for await (const _event of response.body.events) count += 1;
    expect(count).toBe(30);
  });

  test('breaking out of the loop closes the upstream connection', async () => {
    await setup(sseServer({ events: 10_000 }));
    const response = await consumer!.call('op');
    if (response.body.type !== 'stream') throw new Error('expected a stream');
    for await (const event of response.body.events) {
      expect(event.id).toBe('1');
      break;
    }
    await server?.closed(0);
  });

  test('the caller signal aborts a running stream and the upstream sees the close', async () => {
    await setup(sseServer({ events: 10_000 }));
    const controller = new AbortController();
    const response = await consumer!.call('op', {}, { signal: controller.signal });
    if (response.body.type !== 'stream') throw new Error('expected a stream');
    const iterator = response.body.events[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ event: 'agent.message', id: '1', data: '{"n":1}' });
    controller.abort();
    const error = await caught(async () => {
      for (;;) if ((await iterator.next()).done) return;
    });
    expect((error as { code?: string }).code).toBe('ABORTED');
    await server?.closed(0);
  });
});

describe('forward mode', () => {
  test('streams method, path, query, headers and body through, with the consumes credentials', async () => {
    server = await startTestServer((request, response) => {
      response.writeHead(207, {
        'content-type': 'text/plain',
        'x-upstream': 'yes',
        connection: 'keep-alive',
      });
      response.end(`${request.method} ${request.url} ${request.body.toString()}`);
    });
    consumer = createTestConsumer(
      {
        type: 'http',
        namespace: 'api',
        baseUri: `${server.url}/base`,
        authentication: { type: 'bearer', token: '{{env.TOKEN}}' },
      },
      { binds: { env: { TOKEN: 'tok_forward' } } },
    );
    const response = await consumer.instance.doForward!(
      {
        method: 'PUT',
        path: '/a%20b/c',
        search: '?x=1',
        headers: {
          'x-client': 'c1',
          authorization: 'Bearer client-token',
          connection: 'close',
          host: 'evil',
        },
        body: (async function* () {
          yield new TextEncoder().encode('part1-');
          yield new TextEncoder().encode('part2');
        })(),
      },
      {},
    );
    expect(response.status).toBe(207);
    expect(response.headers['x-upstream']).toBe('yes');
    expect(response.headers.connection).toBeUndefined();
    let text = '';
    for await (const chunk of response.body ?? []) text += Buffer.from(chunk).toString();
    expect(text).toBe('PUT /base/a%20b/c?x=1 part1-part2');
    const seen = server.requests[0]?.headers;
    expect(seen?.['x-client']).toBe('c1');
    expect(seen?.authorization).toBe('Bearer tok_forward');
    expect(seen?.host).toBe(`127.0.0.1:${server.port}`);
  });

  test('an unreachable upstream is a NaftikoError, not a crash', async () => {
    consumer = createTestConsumer({ type: 'http', namespace: 'api', baseUri: 'http://127.0.0.1:1' });
    const error = await caught(() =>
      consumer!.instance.doForward!({ method: 'GET', path: '/', search: '', headers: {} }, {}),
    );
    expect(error.code).toBe('UPSTREAM_UNREACHABLE');
    expect(error.message).toBe('api (forward): cannot reach http://127.0.0.1:1 (connection refused)');
  });
});
