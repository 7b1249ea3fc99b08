import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  type ConsumesSpec,
  caught,
  createTestConsumer,
  type TestConsumer,
} from './testing/create-test-consumer.js';
import { sendJson, startTestServer, type TestServer } from './testing/test-server.js';

let server: TestServer;
let consumer: TestConsumer | undefined;

beforeEach(async () => {
  server = await startTestServer((_request, response) => sendJson(response, 200, { ok: true }));
});

afterEach(async () => {
  await consumer?.close();
  consumer = undefined;
  await server.close();
});

function consumes(overrides: Partial<ConsumesSpec> & Pick<ConsumesSpec, 'resources'>): ConsumesSpec {
  return { type: 'http', namespace: 'api', baseUri: server.url, ...overrides };
}

describe('URL building', () => {
  test('baseUri path + resource path, {x} and {{x}} placeholders, query arrays repeat, undefined dropped', async () => {
    consumer = createTestConsumer(
      consumes({
        baseUri: `${server.url}/base/`,
        resources: [
          {
            name: 'items',
            path: '/orgs/{org}/items/{{ item }}',
            operations: [
              {
                name: 'get',
                method: 'GET',
                inputParameters: [
                  { name: 'org', in: 'path' },
                  { name: 'item', in: 'path' },
                  { name: 'statuses[]', in: 'query' },
                  { name: 'q', in: 'query' },
                  { name: 'limit', in: 'query' },
                  { name: 'unset', in: 'query' },
                ],
              },
            ],
          },
        ],
      }),
    );
    const response = await consumer.call('get', {
      org: 'acme',
      item: 42,
      'statuses[]': ['idle', 'running'],
      q: 'a b&c',
      limit: 5,
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ type: 'data', value: { ok: true } });
    expect(server.requests[0]?.url).toBe(
      '/base/orgs/acme/items/42?statuses%5B%5D=idle&statuses%5B%5D=running&q=a%20b%26c&limit=5',
    );
  });

  test.each([
    ['../../admin', '/v1/sessions/..%2F..%2Fadmin/events'],
    ['%2F..%2Fadmin', '/v1/sessions/%252F..%252Fadmin/events'],
    ['x?admin=true', '/v1/sessions/x%3Fadmin%3Dtrue/events'],
    ['x#fragment', '/v1/sessions/x%23fragment/events'],
    ['@evil.example.com', '/v1/sessions/%40evil.example.com/events'],
  ])('path injection %j stays inside one segment on the wire', async (value, expected) => {
    consumer = createTestConsumer(
      consumes({
        resources: [
          {
            name: 'events',
            path: '/v1/sessions/{session_id}/events',
            operations: [
              { name: 'list', method: 'GET', inputParameters: [{ name: 'session_id', in: 'path' }] },
            ],
          },
        ],
      }),
    );
    await consumer.call('list', { session_id: value });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url).toBe(expected);
    expect(server.requests[0]?.headers.host).toBe(`127.0.0.1:${server.port}`);
  });

  test('a missing, empty or dot-segment path parameter is refused before anything is sent', async () => {
    consumer = createTestConsumer(
      consumes({
        resources: [
          {
            name: 's',
            path: '/v1/sessions/{session_id}',
            operations: [
              { name: 'get', method: 'GET', inputParameters: [{ name: 'session_id', in: 'path' }] },
            ],
          },
        ],
      }),
    );
    const missing = await caught(() => consumer!.call('get', {}));
    expect(missing.code).toBe('REQUEST_INVALID');
    expect(missing.message).toBe(
      "api.get: the path parameter 'session_id' is missing; pass it as an argument",
    );
    expect(missing.data).toEqual({ operation: 'api.get', parameter: 'session_id' });
    for (const value of ['..', '.', '']) {
      expect((await caught(() => consumer!.call('get', { session_id: value }))).code).toBe('REQUEST_INVALID');
    }
    expect(server.requests).toHaveLength(0);
  });

  test('an unknown operation names the known ones', async () => {
    consumer = createTestConsumer(
      consumes({ resources: [{ name: 'r', path: '/r', operations: [{ name: 'get', method: 'GET' }] }] }),
    );
    const error = await caught(() => consumer!.call('nope'));
    expect(error.code).toBe('UNKNOWN_OPERATION');
    expect(error.message).toBe(`consumes "api" has no operation 'nope'; known: get`);
  });
});

describe('headers, cookies and environment parameters', () => {
  test('static consumes headers, then adapter, resource and operation parameters: later wins', async () => {
    consumer = createTestConsumer(
      consumes({
        headers: { 'X-Version': 'static', 'anthropic-beta': 'managed-agents-2026-04-01' },
        inputParameters: [
          { name: 'X-Version', in: 'header', value: 'adapter' },
          { name: 'X-Adapter', in: 'header', value: 'adapter' },
          { name: 'X-Level', in: 'header', value: 'adapter' },
        ],
        resources: [
          {
            name: 'r',
            path: '/r',
            inputParameters: [{ name: 'x-level', in: 'header', value: 'resource' }],
            operations: [
              {
                name: 'get',
                method: 'GET',
                inputParameters: [
                  { name: 'X-LEVEL', in: 'header', value: 'operation' },
                  { name: 'X-Trace', in: 'header' },
                  { name: 'X-Templated', in: 'header', value: 'v={{trace}}-{{env.REGION}}' },
                  { name: 'X-Optional', in: 'header', value: '{{missing}}' },
                ],
              },
            ],
          },
        ],
      }),
      { binds: { env: { REGION: 'eu' } } },
    );
    await consumer.call('get', { 'X-Trace': 'abc', trace: 't1' });
    const headers = server.requests[0]?.headers;
    expect(headers?.['x-version']).toBe('adapter');
    expect(headers?.['anthropic-beta']).toBe('managed-agents-2026-04-01');
    expect(headers?.['x-adapter']).toBe('adapter');
    expect(headers?.['x-level']).toBe('operation');
    expect(headers?.['x-trace']).toBe('abc');
    expect(headers?.['x-templated']).toBe('v=t1-eu');
    expect(headers?.['x-optional']).toBeUndefined();
  });

  test('fixed and per-call header values keep declaration precedence, and a dropped one keeps the earlier', async () => {
    consumer = createTestConsumer(
      consumes({
        headers: {
          'X-A': '{{a}}', // overridden by the fixed parameter below, even when a is set
          'X-B': 'consumes-fixed', // kept when the templated parameter below has no value
          'X-C': 'consumes-fixed', // replaced by the argument-fed parameter below
          'X-D': '{{d}}',
        },
        resources: [
          {
            name: 'r',
            path: '/r',
            operations: [
              {
                name: 'get',
                method: 'GET',
                inputParameters: [
                  { name: 'x-a', in: 'header', value: 'param-fixed' },
                  { name: 'x-b', in: 'header', value: '{{b}}' },
                  { name: 'x-c', in: 'header' },
                ],
              },
            ],
          },
        ],
      }),
    );
    await consumer.call('get', { a: 'from-a', 'x-c': 'argument', d: 'from-d' });
    await consumer.call('get', { b: 'from-b' });
    const [first, second] = server.requests.map((request) => request.headers);
    expect(first?.['x-a']).toBe('param-fixed');
    expect(first?.['x-b']).toBe('consumes-fixed');
    expect(first?.['x-c']).toBe('argument');
    expect(first?.['x-d']).toBe('from-d');
    expect(second?.['x-b']).toBe('from-b');
    expect(second?.['x-c']).toBe('consumes-fixed');
    expect(second?.['x-d']).toBeUndefined();
  });

  test.each([['line\r\nX-Injected: yes'], ['only\nLF'], ['only\rCR']])(
    'CR/LF in a header value %j is refused, naming the header',
    async (value) => {
      consumer = createTestConsumer(
        consumes({
          resources: [
            {
              name: 'r',
              path: '/r',
              operations: [
                { name: 'get', method: 'GET', inputParameters: [{ name: 'X-Note', in: 'header' }] },
              ],
            },
          ],
        }),
      );
      const error = await caught(() => consumer!.call('get', { 'X-Note': value }));
      expect(error.code).toBe('REQUEST_INVALID');
      expect(error.message).toMatch(/^api\.get: the value of header 'X-Note' contains a line break/);
      expect(error.data).toEqual({ operation: 'api.get', parameter: 'X-Note' });
      expect(server.requests).toHaveLength(0);
    },
  );

  test('an invalid header name is refused at load', () => {
    expect(() =>
      createTestConsumer(
        consumes({
          resources: [
            {
              name: 'r',
              path: '/r',
              operations: [
                { name: 'get', method: 'GET', inputParameters: [{ name: 'X Bad', in: 'header' }] },
              ],
            },
          ],
        }),
      ),
    ).toThrow("api.get: 'X Bad' is not a valid HTTP header name");
    expect(() => createTestConsumer(consumes({ headers: { 'bad:name': 'x' }, resources: [] }))).toThrow(
      `consumes "api" headers: 'bad:name' is not a valid HTTP header name`,
    );
  });

  test('cookies become one Cookie header, values percent-encoded', async () => {
    consumer = createTestConsumer(
      consumes({
        resources: [
          {
            name: 'r',
            path: '/r',
            operations: [
              {
                name: 'get',
                method: 'GET',
                inputParameters: [
                  { name: 'session', in: 'cookie' },
                  { name: 'theme', in: 'cookie', value: 'dark' },
                  { name: 'absent', in: 'cookie' },
                ],
              },
            ],
          },
        ],
      }),
    );
    await consumer.call('get', { session: 'a b;c=d' });
    expect(server.requests[0]?.headers.cookie).toBe('session=a%20b%3Bc%3Dd; theme=dark');
  });

  test('in: environment comes from binds, then the environment, never from arguments', async () => {
    consumer = createTestConsumer(
      consumes({
        resources: [
          {
            name: 'r',
            path: '/r',
            operations: [
              {
                name: 'get',
                method: 'GET',
                inputParameters: [
                  { name: 'TENANT', in: 'environment' },
                  { name: 'REGION', in: 'environment' },
                  { name: 'x-tenant', in: 'header', value: '{{TENANT}}/{{REGION}}' },
                ],
              },
            ],
          },
        ],
      }),
      { binds: { env: { TENANT: 'bound' } }, consumer: { env: { REGION: 'from-env', TENANT: 'ignored' } } },
    );
    await consumer.call('get', { TENANT: 'attacker' });
    expect(server.requests[0]?.headers['x-tenant']).toBe('bound/from-env');
  });

  test('a required parameter (community `required: true`) without a value is refused', async () => {
    consumer = createTestConsumer(
      consumes({
        resources: [
          {
            name: 'r',
            path: '/r',
            operations: [
              {
                name: 'get',
                method: 'GET',
                inputParameters: [{ name: 'agent_id', in: 'query', required: true }],
              },
            ],
          },
        ],
      }),
    );
    const error = await caught(() => consumer!.call('get', {}));
    expect(error.message).toBe(
      "api.get: the required query parameter 'agent_id' is missing; pass it as an argument",
    );
  });
});
