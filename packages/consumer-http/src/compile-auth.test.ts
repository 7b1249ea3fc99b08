import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import {
  type ConsumesSpec,
  caught,
  createTestConsumer,
  type TestConsumer,
} from './testing/create-test-consumer.js';
import { sendJson, startTestServer, type TestServer } from './testing/test-server.js';

let server: TestServer | undefined;
let consumer: TestConsumer | undefined;

afterEach(async () => {
  await consumer?.close();
  consumer = undefined;
  await server?.close();
  server = undefined;
});

async function echoServer(): Promise<TestServer> {
  server = await startTestServer((_request, response) => sendJson(response, 200, { ok: true }));
  return server;
}

function consumesWith(url: string, authentication: ConsumesSpec['authentication']): ConsumesSpec {
  return {
    type: 'http',
    namespace: 'api',
    baseUri: url,
    ...(authentication === undefined ? {} : { authentication }),
    resources: [
      {
        name: 'r',
        path: '/r',
        operations: [
          { name: 'get', method: 'GET', inputParameters: [{ name: 'q', in: 'query' }] },
          { name: 'post', method: 'POST', body: '{"n": {{n}}}' },
        ],
      },
    ],
  };
}

describe('static credentials', () => {
  test('basic: base64(user:password) from bound variables, flat and namespaced', async () => {
    const { url } = await echoServer();
    consumer = createTestConsumer(
      consumesWith(url, { type: 'basic', username: '{{env.API_USER}}', password: '{{API_PASSWORD}}' }),
      { binds: { env: { API_USER: 'alice', API_PASSWORD: 'p@ss:wörd' } } },
    );
    await consumer.call('get');
    expect(server?.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('alice:p@ss:wörd').toString('base64')}`,
    );
  });

  test('basic with an empty password sends `key:` (the API key as the user name)', async () => {
    const { url } = await echoServer();
    consumer = createTestConsumer(
      consumesWith(url, { type: 'basic', username: '{{env.KEY}}', password: '' }),
      {
        binds: { env: { KEY: 'sk_test_123' } },
      },
    );
    await consumer.call('get');
    expect(server?.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('sk_test_123:').toString('base64')}`,
    );
  });

  test('bearer', async () => {
    const { url } = await echoServer();
    consumer = createTestConsumer(consumesWith(url, { type: 'bearer', token: '{{env.TOKEN}}' }), {
      binds: { env: { TOKEN: 'tok_123456' } },
    });
    await consumer.call('get');
    expect(server?.requests[0]?.headers.authorization).toBe('Bearer tok_123456');
  });

  test('apikey defaults to a header', async () => {
    const { url } = await echoServer();
    consumer = createTestConsumer(
      consumesWith(url, { type: 'apikey', key: 'x-api-key', value: '{{env.KEY}}' }),
      {
        binds: { env: { KEY: 'sk-ant-secret' } },
      },
    );
    await consumer.call('get');
    expect(server?.requests[0]?.headers['x-api-key']).toBe('sk-ant-secret');
  });

  test('apikey in the query is URL-encoded and joins other query parameters', async () => {
    const { url } = await echoServer();
    consumer = createTestConsumer(
      consumesWith(url, { type: 'apikey', key: 'api_key', value: '{{KEY}}', placement: 'query' }),
      { binds: { env: { KEY: 'a+b/c=d&e' } } },
    );
    await consumer.call('get', { q: 'x' });
    expect(server?.requests[0]?.url).toBe('/r?q=x&api_key=a%2Bb%2Fc%3Dd%26e');
  });

  test('a credential variable without a bound value stops the create, naming it', async () => {
    const { url } = await echoServer();
    const error = await caught(async () =>
      createTestConsumer(consumesWith(url, { type: 'bearer', token: '{{env.MISSING_TOKEN}}' })),
    );
    expect(error.code).toBe('TEMPLATE_MISSING_VARIABLE');
    expect(error.message).toMatch(
      /^consumes "api" authentication\.token: \{\{env\.MISSING_TOKEN\}\} has no bound value, and credentials read bound variables only/,
    );
    expect(server?.requests).toHaveLength(0);
  });

  test('oauth2 without grantType is refused at load with a way out', async () => {
    const { url } = await echoServer();
    expect(() =>
      createTestConsumer(
        consumesWith(url, {
          type: 'oauth2',
          authorizationServerUri: 'https://auth.example.com',
          resource: 'https://api.example.com',
        }),
      ),
    ).toThrow(/oauth2 on a consumes entry needs `grantType: client_credentials`/);
  });

  test('secrets echoed back by the upstream are redacted from errors', async () => {
    server = await startTestServer((request, response) =>
      sendJson(response, 403, {
        type: 'error',
        error: { type: 'permission_error', message: `key ${request.headers['x-api-key']} is revoked` },
      }),
    );
    consumer = createTestConsumer(
      consumesWith(server.url, { type: 'apikey', key: 'x-api-key', value: '{{env.KEY}}' }),
      { binds: { env: { KEY: 'sk-ant-very-secret' } } },
    );
    const error = await caught(() => consumer!.call('get'));
    expect(error.code).toBe('UPSTREAM_STATUS');
    expect(error.message).toBe(
      'api.get: the upstream answered 403 permission_error: key [REDACTED] is revoked',
    );
    expect(JSON.stringify(error.data)).not.toContain('sk-ant-very-secret');
  });
});

// ---------------------------------------------------------------------------------------------
// A real RFC 7616 digest server, written independently of the client code under test.
// ---------------------------------------------------------------------------------------------

interface DigestServerOptions {
  algorithms: ('MD5' | 'SHA-256')[];
  username: string;
  password: string;
}

interface DigestServer {
  server: TestServer;
  /** Makes every issued nonce stale, like a server rotating nonces. */
  expireNonces(): void;
  /** The nc values accepted, in order. */
  accepted: string[];
}

async function startDigestServer(options: DigestServerOptions): Promise<DigestServer> {
  const realm = 'naftiko-test';
  const opaque = randomBytes(8).toString('hex');
  const nonces = new Map<string, { stale: boolean; lastNc: number }>();
  const accepted: string[] = [];
  const challenge = (response: ServerResponse, stale: boolean) => {
    const nonce = randomBytes(12).toString('base64');
    nonces.set(nonce, { stale: false, lastNc: 0 });
    response.setHeader(
      'www-authenticate',
      options.algorithms.map(
        (algorithm) =>
          `Digest realm="${realm}", qop="auth", algorithm=${algorithm}, nonce="${nonce}", opaque="${opaque}"${stale ? ', stale=true' : ''}`,
      ),
    );
    sendJson(response, 401, {
      type: 'error',
      error: { type: 'authentication_error', message: 'digest required' },
    });
  };
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Digest ')) return challenge(response, false);
    const params = Object.fromEntries(
      [...header.slice(7).matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)].map((m) => [
        m[1],
        m[2] ?? m[3],
      ]),
    ) as Record<string, string>;
    const state = nonces.get(params.nonce ?? '');
    const algorithm = params.algorithm ?? 'MD5';
    if (!state || !options.algorithms.includes(algorithm as 'MD5') || params.opaque !== opaque) {
      return challenge(response, false);
    }
    const hash = (text: string) =>
      createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5')
        .update(text)
        .digest('hex');
    const ha1 = hash(`${options.username}:${realm}:${options.password}`);
    const ha2 = hash(`${request.method}:${params.uri}`);
    const expected = hash(`${ha1}:${params.nonce}:${params.nc}:${params.cnonce}:${params.qop}:${ha2}`);
    const nc = Number.parseInt(params.nc ?? '', 16);
    if (
      params.username !== options.username ||
      params.realm !== realm ||
      params.uri !== request.url ||
      params.qop !== 'auth' ||
      params.response !== expected ||
      !(nc > state.lastNc)
    ) {
      return challenge(response, false);
    }
    if (state.stale) return challenge(response, true);
    state.lastNc = nc;
    accepted.push(params.nc ?? '');
    sendJson(response, 200, { user: params.username, method: request.method });
  };
  const testServer = await startTestServer(handler);
  server = testServer;
  return {
    server: testServer,
    accepted,
    expireNonces() {
      for (const state of nonces.values()) state.stale = true;
    },
  };
}

describe('digest (RFC 7616) against a real local digest server', () => {
  test.each([['SHA-256'], ['MD5']] as const)(
    '%s: challenge, then pre-emptive with an incremented nc',
    async (algorithm) => {
      const digest = await startDigestServer({
        algorithms: [algorithm],
        username: 'Mufasa',
        password: 'Circle of Life',
      });
      consumer = createTestConsumer(
        consumesWith(digest.server.url, {
          type: 'digest',
          username: '{{env.USER}}',
          password: '{{env.PASS}}',
        }),
        { binds: { env: { USER: 'Mufasa', PASS: 'Circle of Life' } } },
      );
      const first = await consumer.call('get', { q: 'a b' });
      expect(first.body).toEqual({ type: 'data', value: { user: 'Mufasa', method: 'GET' } });
      expect(digest.server.requests.map((r) => r.headers.authorization === undefined)).toEqual([true, false]);
      const second = await consumer.call('post', { n: 1 });
      expect(second.body).toEqual({ type: 'data', value: { user: 'Mufasa', method: 'POST' } });
      expect(digest.server.requests).toHaveLength(3);
      expect(digest.server.requests[2]?.body.toString()).toBe('{"n": 1}');
      expect(digest.accepted).toEqual(['00000001', '00000002']);
      expect(digest.server.requests[2]?.headers.authorization).toContain(`algorithm=${algorithm}`);
    },
  );

  test('prefers SHA-256 when the server offers both', async () => {
    const digest = await startDigestServer({ algorithms: ['MD5', 'SHA-256'], username: 'u', password: 'p' });
    consumer = createTestConsumer(
      consumesWith(digest.server.url, { type: 'digest', username: 'u', password: 'p' }),
    );
    await consumer.call('get');
    expect(digest.server.requests[1]?.headers.authorization).toContain('algorithm=SHA-256');
  });

  test('a stale nonce is renewed with one retry', async () => {
    const digest = await startDigestServer({ algorithms: ['SHA-256'], username: 'u', password: 'p' });
    consumer = createTestConsumer(
      consumesWith(digest.server.url, { type: 'digest', username: 'u', password: 'p' }),
    );
    await consumer.call('get');
    digest.expireNonces();
    const response = await consumer.call('get');
    expect(response.status).toBe(200);
    // 401 + 200, then pre-emptive (stale) 401 + retry 200
    expect(digest.server.requests).toHaveLength(4);
    expect(digest.accepted).toEqual(['00000001', '00000001']);
  });

  test('wrong credentials fail after one retry with the upstream 401, never the password', async () => {
    const digest = await startDigestServer({ algorithms: ['SHA-256'], username: 'u', password: 'right' });
    consumer = createTestConsumer(
      consumesWith(digest.server.url, { type: 'digest', username: 'u', password: '{{env.PASS}}' }),
      { binds: { env: { PASS: 'wrong-password' } } },
    );
    const error = await caught(() => consumer!.call('get'));
    expect(error.code).toBe('UPSTREAM_STATUS');
    expect(error.data).toEqual({
      operation: 'api.get',
      status: 401,
      errorType: 'authentication_error',
      message: 'digest required',
    });
    expect(digest.server.requests).toHaveLength(2);
  });
});
