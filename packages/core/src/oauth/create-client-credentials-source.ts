import { NaftikoError } from '../errors.js';
import type { ClientAuthentication } from './client-authentication.js';
import { discoverAuthorizationServer } from './discover-authorization-server.js';
import { fetchJson, isJsonObject } from './fetch-json.js';

export interface CreateClientCredentialsSourceOptions {
  /** The authorization server's issuer: its metadata names the token endpoint. */
  issuer: string;
  /** The token endpoint, when the issuer publishes no metadata. */
  tokenEndpoint?: string;
  /** RFC 8707 resource indicator: the API the token is for. */
  resource?: string;
  /** Sent as `audience` too, for servers that take that instead of `resource`. */
  audience?: string;
  scopes?: readonly string[];
  client: ClientAuthentication;
  /** `consumes "billing"`: names the consumer in errors. */
  operation: string;
}

/** naftiko's own access token for one consumes entry. */
export interface TokenSource {
  /** The current token: cached, fetched again shortly before it expires. */
  get(): Promise<string>;
  /** The upstream refused `token` (401): the next `get` fetches a new one. */
  invalidate(token: string): void;
}

// A token is renewed this long before it expires (or at 4/5 of a short lifetime), so a call
// never leaves with a token that dies on the way.
const REFRESH_MARGIN_MS = 60_000;
// Without `expires_in` a token is kept until the upstream refuses it, but no longer than this.
const DEFAULT_LIFETIME_MS = 60 * 60_000;

interface Held {
  token: string;
  refreshAt: number;
  expiresAt: number;
}

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) for calls to a consumed API: one token request,
 * the token cached and shared by every call, renewed before it expires; concurrent calls wait on
 * the same request. A failure to renew while the old token is still valid keeps the old one.
 */
export function createClientCredentialsSource(options: CreateClientCredentialsSourceOptions): TokenSource {
  const { issuer, resource, audience, scopes, client, operation } = options;
  let endpoint: Promise<string> | undefined;
  let held: Held | undefined;
  let pending: Promise<string> | undefined;

  const fail = (message: string, status?: number) =>
    new NaftikoError('AUTH_TOKEN_FAILED', `${operation}: ${message}; nothing was sent upstream.`, {
      data: { operation, ...(status === undefined ? {} : { status }) },
    });

  const tokenEndpoint = (): Promise<string> => {
    if (options.tokenEndpoint !== undefined) return Promise.resolve(options.tokenEndpoint);
    endpoint ??= discoverAuthorizationServer(issuer).then(
      (metadata) => {
        if (metadata.token_endpoint === undefined)
          throw fail(`${issuer} advertises no token_endpoint; set \`tokenEndpoint\``);
        return metadata.token_endpoint;
      },
      (error: Error) => {
        endpoint = undefined;
        throw fail(`the authorization server could not be discovered (${error.message})`);
      },
    );
    return endpoint;
  };

  const request = async (): Promise<string> => {
    const url = await tokenEndpoint();
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scopes !== undefined && scopes.length > 0) form.set('scope', scopes.join(' '));
    if (resource !== undefined) form.set('resource', resource);
    if (audience !== undefined) form.set('audience', audience);
    const headers: Record<string, string> = {};
    await client.apply(url, headers, form);
    const sentAt = Date.now();
    let answer: Awaited<ReturnType<typeof fetchJson>>;
    try {
      answer = await fetchJson({ url, method: 'POST', headers, form });
    } catch (error) {
      throw fail(`the token request failed (${(error as Error).message})`);
    }
    const body = isJsonObject(answer.body) ? answer.body : {};
    if (answer.status !== 200) {
      const code = typeof body.error === 'string' ? `: ${body.error}` : '';
      const description = typeof body.error_description === 'string' ? ` (${body.error_description})` : '';
      throw fail(`the token endpoint ${url} answered ${answer.status}${code}${description}`, answer.status);
    }
    const token = body.access_token;
    if (typeof token !== 'string' || token === '')
      throw fail(`the token endpoint ${url} answered no access_token`);
    if (typeof body.token_type === 'string' && body.token_type.toLowerCase() !== 'bearer')
      throw fail(`the token endpoint issued a ${body.token_type} token; only Bearer tokens are supported`);
    const lifetime =
      typeof body.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in * 1000
        : DEFAULT_LIFETIME_MS;
    held = {
      token,
      expiresAt: sentAt + lifetime,
      refreshAt: sentAt + lifetime - Math.min(REFRESH_MARGIN_MS, lifetime / 5),
    };
    return token;
  };

  const renew = (): Promise<string> => {
    pending ??= request().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    get: async () => {
      const now = Date.now();
      if (held !== undefined && now < held.refreshAt) return held.token;
      if (held !== undefined && now < held.expiresAt) {
        const current = held.token;
        return renew().catch(() => current);
      }
      return renew();
    },
    invalidate: (token) => {
      if (held?.token === token) held = undefined;
    },
  };
}
