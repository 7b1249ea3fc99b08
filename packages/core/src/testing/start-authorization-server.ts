/**
 * Test-only: a real OAuth 2.1 / OpenID authorization server (the certified `oidc-provider`),
 * in-process on a loopback port. It issues client-credentials access tokens for a resource
 * indicator (RFC 8707), as JWTs signed with its own key or as opaque tokens it introspects
 * (RFC 7662). `rotateKeys` swaps its signing key as a real issuer rotates; `sign` mints a token
 * with that same key and any claims, for the cases a conforming server never issues (expired,
 * another audience).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import Provider from 'oidc-provider';

export interface TestClient {
  clientId: string;
  clientSecret?: string;
  /** A public JWK: the client authenticates with private_key_jwt. */
  jwk?: JWK;
  /** Scopes it may get ('' for none: a resource server that only introspects). */
  scope: string;
}

export interface StartAuthorizationServerOptions {
  clients: TestClient[];
  /** Scopes the server knows. */
  scopes: string[];
  /** Access tokens for resource indicators: `jwt` (default) or `opaque` (introspected). */
  accessTokenFormat?: 'jwt' | 'opaque';
  /** Access token lifetime in seconds. Default 300. */
  accessTokenTtlS?: number;
}

export interface TestAuthorizationServer {
  issuer: string;
  tokenEndpoint: string;
  /** How many token requests were answered (to see a client cache its token). */
  readonly tokenRequests: number;
  /** How many introspection requests arrived (to see a resource server cache the answers). */
  readonly introspections: number;
  /** A client-credentials token for `resource` with `scope`, as a client would get it. */
  token(options: {
    clientId: string;
    clientSecret: string;
    resource: string;
    scope?: string;
  }): Promise<string>;
  /** A JWT signed with the server's current key (kid included), claims as given. */
  sign(claims: Record<string, unknown>, options?: { alg?: string }): Promise<string>;
  /** A new signing key with a new kid; the old one is no longer published. */
  rotateKeys(): Promise<void>;
  close(): Promise<void>;
}

export async function startAuthorizationServer(
  options: StartAuthorizationServerOptions,
): Promise<TestAuthorizationServer> {
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  let key = await createSigningKey();
  let tokenRequests = 0;

  const createProvider = () => {
    const provider = new Provider(issuer, {
      clients: options.clients.map((client) => ({
        client_id: client.clientId,
        ...(client.clientSecret === undefined ? {} : { client_secret: client.clientSecret }),
        ...(client.jwk === undefined
          ? { token_endpoint_auth_method: 'client_secret_basic' }
          : {
              token_endpoint_auth_method: 'private_key_jwt',
              token_endpoint_auth_signing_alg: client.jwk.alg ?? 'ES256',
              jwks: { keys: [client.jwk] },
            }),
        grant_types: ['client_credentials'],
        id_token_signed_response_alg: 'ES256',
        redirect_uris: [],
        response_types: [],
        ...(client.scope === '' ? {} : { scope: client.scope }),
      })),
      clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      scopes: options.scopes,
      jwks: { keys: [key.privateJwk] },
      ttl: { ClientCredentials: options.accessTokenTtlS ?? 300 },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        introspection: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => undefined,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx: unknown, resource: string) => ({
            scope: options.scopes.join(' '),
            audience: resource,
            accessTokenTTL: options.accessTokenTtlS ?? 300,
            accessTokenFormat: options.accessTokenFormat ?? 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          }),
        },
      },
    });
    provider.on('grant.success', () => {
      tokenRequests += 1;
    });
    return provider;
  };
  let handler = createProvider().callback();
  let introspections = 0;
  http.on('request', (request, response) => {
    if (request.url?.startsWith('/token/introspection')) introspections += 1;
    handler(request, response);
  });

  const tokenEndpoint = `${issuer}/token`;
  return {
    issuer,
    tokenEndpoint,
    get tokenRequests() {
      return tokenRequests;
    },
    get introspections() {
      return introspections;
    },
    token: async ({ clientId, clientSecret, resource, scope }) => {
      const response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          resource,
          ...(scope === undefined ? {} : { scope }),
        }).toString(),
      });
      const body = (await response.json()) as { access_token?: string };
      if (response.status !== 200 || body.access_token === undefined)
        throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
      return body.access_token;
    },
    sign: (claims, signOptions = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: signOptions.alg ?? 'ES256', kid: key.kid, typ: 'at+jwt' })
        .sign(key.privateKey),
    rotateKeys: async () => {
      key = await createSigningKey();
      handler = createProvider().callback();
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

async function createSigningKey() {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = randomUUID();
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
  return { privateKey, privateJwk, kid };
}
