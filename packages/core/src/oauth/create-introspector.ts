import type { ClientAuthentication } from './client-authentication.js';
import { TokenRejected } from './create-jwt-verifier.js';
import { isSameIssuer } from './discover-authorization-server.js';
import { fetchJson, isJsonObject } from './fetch-json.js';

export interface CreateIntrospectorOptions {
  endpoint: string;
  issuer: string;
  audience: string;
  client: ClientAuthentication;
  clockToleranceS?: number;
  /** Most answers kept. Default 10 000. */
  maxEntries?: number;
}

export type Introspector = (token: string) => Promise<Record<string, unknown>>;

// An inactive answer is kept this long, so a client retrying a dead token does not turn every
// request into a round trip to the authorization server.
const INACTIVE_TTL_MS = 30_000;
// An active answer without `exp` is trusted this long before asking again.
const NO_EXP_TTL_MS = 60_000;

interface Entry {
  until: number;
  claims?: Record<string, unknown>;
  rejection?: TokenRejected;
}

/**
 * RFC 7662 token introspection for opaque tokens: one POST per token, its answer cached for the
 * token's lifetime (`exp`), concurrent checks of the same token sharing one request. The answer
 * must say `active`, and name this resource in `aud` (RFC 8707) and the issuer in `iss` when
 * present.
 */
export function createIntrospector(options: CreateIntrospectorOptions): Introspector {
  const { endpoint, issuer, audience, client, clockToleranceS = 10, maxEntries = 10_000 } = options;
  const cache = new Map<string, Entry>();
  const pending = new Map<string, Promise<Record<string, unknown>>>();

  const remember = (token: string, entry: Entry) => {
    if (cache.size >= maxEntries) {
      // Oldest first: Map keeps insertion order.
      const oldest = cache.keys().next().value as string;
      cache.delete(oldest);
    }
    cache.set(token, entry);
  };

  const ask = async (token: string): Promise<Record<string, unknown>> => {
    const headers: Record<string, string> = {};
    const form = new URLSearchParams({ token, token_type_hint: 'access_token' });
    await client.apply(endpoint, headers, form);
    let answer: Awaited<ReturnType<typeof fetchJson>>;
    try {
      answer = await fetchJson({ url: endpoint, method: 'POST', headers, form });
    } catch (error) {
      throw new TokenRejected(`token introspection failed: ${(error as Error).message}`, true);
    }
    if (answer.status !== 200 || !isJsonObject(answer.body)) {
      const hint = answer.status === 401 ? '; check clientId and clientSecret' : '';
      throw new TokenRejected(`token introspection at ${endpoint} answered ${answer.status}${hint}`, true);
    }
    const claims = answer.body;
    const now = Date.now();
    const reject = (message: string) => {
      const rejection = new TokenRejected(message);
      remember(token, { until: now + INACTIVE_TTL_MS, rejection });
      return rejection;
    };
    if (claims.active !== true) throw reject('the token is not active');
    if (claims.iss !== undefined && !isSameIssuer(String(claims.iss), issuer))
      throw reject(`the token was not issued by ${issuer}`);
    const aud = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
    if (!aud.includes(audience))
      throw reject(`the token is not for this resource (aud must name ${audience})`);
    const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
    if (exp !== undefined && exp + clockToleranceS * 1000 <= now) throw reject('the token has expired');
    const nbf = typeof claims.nbf === 'number' ? claims.nbf * 1000 : undefined;
    if (nbf !== undefined && nbf - clockToleranceS * 1000 > now)
      throw new TokenRejected('the token is not valid yet (nbf)');
    remember(token, { until: exp ?? now + NO_EXP_TTL_MS, claims });
    return claims;
  };

  return (token) => {
    const entry = cache.get(token);
    if (entry !== undefined) {
      if (entry.until > Date.now()) {
        if (entry.rejection) return Promise.reject(entry.rejection);
        return Promise.resolve(entry.claims as Record<string, unknown>);
      }
      cache.delete(token);
    }
    let asking = pending.get(token);
    if (asking === undefined) {
      asking = ask(token).finally(() => pending.delete(token));
      pending.set(token, asking);
    }
    return asking;
  };
}
