import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { InboundAuth, InboundVerdict } from '../inbound-verdict.js';
import {
  startAuthorizationServer,
  type TestAuthorizationServer,
} from '../testing/start-authorization-server.js';
import { createResourceServer } from './create-resource-server.js';

const RESOURCE = 'https://tools.example.com/mcp';
let as: TestAuthorizationServer;
let opaque: TestAuthorizationServer;

beforeAll(async () => {
  const clients = [
    { clientId: 'agent', clientSecret: 'agent-secret', scope: 'tools:read tools:write' },
    { clientId: 'naftiko', clientSecret: 'naftiko-secret', scope: '' },
  ];
  as = await startAuthorizationServer({ clients, scopes: ['tools:read', 'tools:write'] });
  opaque = await startAuthorizationServer({
    clients,
    scopes: ['tools:read', 'tools:write'],
    accessTokenFormat: 'opaque',
  });
});
afterAll(async () => {
  await as?.close();
  await opaque?.close();
});

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const server = (overrides: Partial<Parameters<typeof createResourceServer>[0]> = {}) =>
  createResourceServer({
    authentication: {
      type: 'oauth2',
      authorizationServerUri: as.issuer,
      resource: RESOURCE,
      scopes: ['tools:read', 'tools:write'],
    },
    place: 'mcp "tools"',
    jwksCooldownMs: 0,
    clockToleranceS: 0,
    ...overrides,
  });
const refused = async (auth: InboundAuth, token: string) => {
  const verdict: InboundVerdict = await auth.authenticate(bearer(token));
  if (verdict.ok) throw new Error('accepted');
  return verdict;
};
const now = () => Math.floor(Date.now() / 1000);

describe('an oauth2 resource server', () => {
  test('publishes RFC 9728 metadata and challenges with it', async () => {
    const auth = server();
    expect(auth.challenge).toBe(
      'Bearer resource_metadata="https://tools.example.com/.well-known/oauth-protected-resource/mcp", scope="tools:read tools:write"',
    );
    expect([...(auth.wellKnown?.keys() ?? [])]).toEqual([
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]);
    expect(JSON.parse(auth.wellKnown?.get('/.well-known/oauth-protected-resource') ?? '')).toEqual({
      resource: RESOURCE,
      authorization_servers: [as.issuer],
      scopes_supported: ['tools:read', 'tools:write'],
      bearer_methods_supported: ['header'],
    });
    const missing = await auth.authenticate({ headers: {} });
    expect(missing).toMatchObject({ ok: false, status: 401, challenge: auth.challenge });
  });

  test('accepts a client-credentials JWT issued for the resource, with its scopes', async () => {
    const auth = server();
    const token = await as.token({
      clientId: 'agent',
      clientSecret: 'agent-secret',
      resource: RESOURCE,
      scope: 'tools:read',
    });
    const verdict = await auth.authenticate(bearer(token));
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect([...(verdict.principal.scopes ?? [])]).toEqual(['tools:read']);
    expect(verdict.principal.clientId).toBe('agent');
    // Verified once: the next call with the same token is answered synchronously.
    expect(auth.authenticate(bearer(token))).toBe(verdict);
  });

  test('refuses expired, early, foreign-audience, foreign-issuer and badly signed tokens', async () => {
    const auth = server();
    const claims = { iss: as.issuer, aud: RESOURCE, sub: 'agent', scope: 'tools:read' };
    const message = async (token: string) => (await refused(auth, token)).detail;
    expect(await message(await as.sign({ ...claims, exp: now() - 5 }))).toBe(
      'invalid access token: the token has expired',
    );
    expect(await message(await as.sign({ ...claims, exp: now() + 60, nbf: now() + 60 }))).toBe(
      'invalid access token: the token is not valid yet (nbf)',
    );
    expect(
      await message(await as.sign({ ...claims, aud: 'https://other.example.com', exp: now() + 60 })),
    ).toBe(`invalid access token: the token is not for this resource (aud must name ${RESOURCE})`);
    expect(
      await message(await as.sign({ ...claims, iss: 'https://evil.example.com', exp: now() + 60 })),
    ).toBe(`invalid access token: the token was not issued by ${as.issuer}`);
    expect(await message(await as.sign({ ...claims }))).toMatch(/missing required "exp" claim|exp/);
    const token = await as.sign({ ...claims, exp: now() + 60 });
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    expect(await message(forged)).toBe('invalid access token: the token signature is invalid');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, scope: 'tools:write', exp: now() + 60 })).toString('base64url')}.${token.split('.')[2]}`;
    expect(await message(tampered)).toBe('invalid access token: the token signature is invalid');
    expect(await message('not-a-jwt')).toBe('invalid access token: the token is not a valid signed JWT');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: now() + 60 })).toString('base64url')}.`;
    expect(await message(none)).toMatch(/not a valid signed JWT|algorithm is not allowed/);
    const verdict = await refused(auth, await as.sign({ ...claims, exp: now() - 5 }));
    expect(verdict.challenge).toBe(
      'Bearer error="invalid_token", error_description="the token has expired", resource_metadata="https://tools.example.com/.well-known/oauth-protected-resource/mcp"',
    );
  });

  test('fetches the key set again for an unknown kid (rotation)', async () => {
    const auth = server();
    const first = await as.token({ clientId: 'agent', clientSecret: 'agent-secret', resource: RESOURCE });
    expect((await auth.authenticate(bearer(first))).ok).toBe(true);
    await as.rotateKeys();
    const second = await as.token({ clientId: 'agent', clientSecret: 'agent-secret', resource: RESOURCE });
    expect((await auth.authenticate(bearer(second))).ok).toBe(true);
  });

  test('an unreachable issuer is a 503 that names it, never the token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const auth = server({
      authentication: {
        type: 'oauth2',
        authorizationServerUri: `http://127.0.0.1:${port}`,
        resource: RESOURCE,
      },
    });
    const verdict = await refused(auth, 'some.token.here');
    expect(verdict.status).toBe(503);
    expect(verdict.detail).toMatch(
      /^tokens cannot be checked now: the authorization server is unreachable \(GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-authorization-server failed: ECONNREFUSED\)$/,
    );
    expect(verdict.detail).not.toContain('some.token.here');
  });

  test('checks opaque tokens by introspection, cached for their lifetime', async () => {
    const auth = server({
      authentication: {
        type: 'oauth2',
        authorizationServerUri: opaque.issuer,
        resource: RESOURCE,
        tokenValidation: 'introspection',
      },
      client: { clientId: 'naftiko', clientSecret: 'naftiko-secret' },
    });
    const token = await opaque.token({
      clientId: 'agent',
      clientSecret: 'agent-secret',
      resource: RESOURCE,
      scope: 'tools:write',
    });
    expect(token.split('.')).toHaveLength(1);
    const verdict = await auth.authenticate(bearer(token));
    expect(verdict).toMatchObject({ principal: { clientId: 'agent' }, ok: true });
    if (verdict.ok) expect([...(verdict.principal.scopes ?? [])]).toEqual(['tools:write']);
    // Cached for the token's lifetime: the same token again asks nothing.
    const asked = opaque.introspections;
    expect(asked).toBeGreaterThan(0);
    expect((await auth.authenticate(bearer(token))).ok).toBe(true);
    expect(opaque.introspections).toBe(asked);
    expect(await refused(auth, 'never-issued')).toMatchObject({
      status: 401,
      detail: 'invalid access token: the token is not active',
    });
    const other = await opaque.token({
      clientId: 'agent',
      clientSecret: 'agent-secret',
      resource: 'https://other.example.com',
    });
    expect((await refused(auth, other)).detail).toBe(
      `invalid access token: the token is not for this resource (aud must name ${RESOURCE})`,
    );
    const wrongSecret = server({
      authentication: {
        type: 'oauth2',
        authorizationServerUri: opaque.issuer,
        resource: RESOURCE,
        tokenValidation: 'introspection',
      },
      client: { clientId: 'naftiko', clientSecret: 'wrong' },
    });
    const failed = await refused(wrongSecret, token);
    expect(failed.status).toBe(503);
    expect(failed.detail).toMatch(/answered 401; check clientId and clientSecret/);
  });

  test('introspection without a client is refused at start', () => {
    expect(() =>
      server({
        authentication: {
          type: 'oauth2',
          authorizationServerUri: as.issuer,
          resource: RESOURCE,
          tokenValidation: 'introspection',
        },
      }),
    ).toThrow(/`tokenValidation: introspection` needs the client naftiko introspects as/);
  });
});
