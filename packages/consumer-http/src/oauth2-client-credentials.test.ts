import { generateKeyPairSync } from 'node:crypto';
import { compileTemplate, createInboundAuth, type InboundAuth, isNaftikoError } from '@naftiko/core';
import {
  startAuthorizationServer,
  type TestAuthorizationServer,
} from '@naftiko/core/testing/authorization-server';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type ConsumesSpec, createTestConsumer, type TestConsumer } from './testing/create-test-consumer.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

const RESOURCE = 'https://billing.example.com';
const SECRET = 'naftiko-client-secret-1234';
// private_key_jwt: naftiko holds the private key, the authorization server knows the public one.
const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PRIVATE_PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_JWK = {
  ...keys.publicKey.export({ format: 'jwk' }),
  alg: 'ES256',
  use: 'sig',
  kid: 'naftiko-1',
};

let as: TestAuthorizationServer;
let upstream: TestServer;
let check: InboundAuth;
let refuseNext = 0;
let consumer: TestConsumer | undefined;

beforeAll(async () => {
  as = await startAuthorizationServer({
    clients: [
      { clientId: 'naftiko', clientSecret: SECRET, scope: 'invoices:read' },
      { clientId: 'naftiko-jwt', jwk: PUBLIC_JWK as never, scope: 'invoices:read' },
    ],
    scopes: ['invoices:read'],
    accessTokenTtlS: 2,
  });
  // The upstream is a resource server too: it checks every token against the same issuer.
  check = createInboundAuth({
    authentication: { type: 'oauth2', authorizationServerUri: as.issuer, resource: RESOURCE },
    compileTemplate,
    bindings: { flat: {}, byNamespace: {} },
    place: 'upstream',
  });
  upstream = await startTestServer(async (request, response) => {
    const verdict = await check.authenticate(request);
    if (!verdict.ok || refuseNext > 0) {
      refuseNext = Math.max(0, refuseNext - 1);
      response.writeHead(401, {
        'www-authenticate': verdict.ok ? 'Bearer error="invalid_token"' : verdict.challenge,
      });
      response.end();
      return;
    }
    const text = JSON.stringify({
      scopes: [...(verdict.principal.scopes ?? [])],
      echo: request.headers.authorization,
    });
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
  });
});
afterEach(async () => {
  await consumer?.close();
  consumer = undefined;
  refuseNext = 0;
});
afterAll(async () => {
  await upstream?.close();
  await as?.close();
});

function billing(authentication: Record<string, unknown>): TestConsumer {
  consumer = createTestConsumer(
    {
      type: 'http',
      namespace: 'billing',
      baseUri: upstream.url,
      authentication: {
        type: 'oauth2',
        grantType: 'client_credentials',
        authorizationServerUri: as.issuer,
        resource: RESOURCE,
        scopes: ['invoices:read'],
        ...authentication,
      },
      resources: [{ name: 'invoices', path: '/invoices', operations: [{ name: 'list', method: 'GET' }] }],
    } as ConsumesSpec,
    { binds: { env: { CLIENT_SECRET: SECRET, CLIENT_KEY: PRIVATE_PEM } } },
  );
  return consumer;
}

const bodyOf = (response: { body: unknown }) => (response.body as { type: 'json'; value: unknown }).value;

describe('oauth2 client credentials on a consumes entry', () => {
  test('one token for many calls, never handed back to the caller', async () => {
    const api = billing({ clientId: 'naftiko', clientSecret: '{{CLIENT_SECRET}}' });
    const before = as.tokenRequests;
    const [first, second] = await Promise.all([api.call('list'), api.call('list')]);
    expect(first.status).toBe(200);
    expect(bodyOf(first)).toEqual({ scopes: ['invoices:read'], echo: 'Bearer [REDACTED]' });
    expect(bodyOf(second)).toEqual({ scopes: ['invoices:read'], echo: 'Bearer [REDACTED]' });
    await api.call('list');
    expect(as.tokenRequests - before).toBe(1);
  });

  test('a 401 gets one new token and one retry; the token is renewed before it expires', async () => {
    const api = billing({ clientId: 'naftiko', clientSecret: '{{CLIENT_SECRET}}' });
    const before = as.tokenRequests;
    await api.call('list');
    refuseNext = 1;
    expect((await api.call('list')).status).toBe(200);
    expect(as.tokenRequests - before).toBe(2);
    // Tokens live 2 s here and are renewed in their last fifth.
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect((await api.call('list')).status).toBe(200);
    expect(as.tokenRequests - before).toBe(3);
  });

  test('private_key_jwt: a signed client assertion instead of a secret', async () => {
    const api = billing({ clientId: 'naftiko-jwt', privateKey: '{{CLIENT_KEY}}' });
    const answer = await api.call('list');
    expect(answer.status).toBe(200);
  });

  test('a refused client is AUTH_TOKEN_FAILED naming the error, without the secret', async () => {
    const api = billing({ clientId: 'naftiko', clientSecret: 'wrong-secret-5678' });
    const error = await api.call('list').catch((caught: unknown) => caught);
    expect(isNaftikoError(error, 'AUTH_TOKEN_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(
      /^consumes "billing": the token endpoint http:\/\/127\.0\.0\.1:\d+\/token answered 401: invalid_client .*; nothing was sent upstream\.$/,
    );
    expect((error as Error).message).not.toContain('wrong-secret-5678');
  });

  test('without grantType the entry does not load', () => {
    expect(() => billing({ grantType: undefined, clientId: 'naftiko', clientSecret: 'x' })).toThrow(
      /needs `grantType: client_credentials`/,
    );
  });
});
