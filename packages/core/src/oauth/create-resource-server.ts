import type { AuthOAuth2Spec } from '@naftiko/spec';
import type { InboundAuth, InboundPrincipal, InboundRequest, InboundVerdict } from '../inbound-verdict.js';
import { type ClientCredentials, createClientAuthentication } from './client-authentication.js';
import { createIntrospector } from './create-introspector.js';
import { createJwtVerifier, TokenRejected } from './create-jwt-verifier.js';
import { discoverAuthorizationServer } from './discover-authorization-server.js';
import { buildProtectedResourceMetadata } from './protected-resource-metadata.js';
import { parseScopes } from './scopes.js';

export interface CreateResourceServerOptions {
  authentication: AuthOAuth2Spec;
  /** `mcp "tools"`: names the expose in errors. */
  place: string;
  /** The client naftiko introspects tokens as (`tokenValidation: introspection`). */
  client?: ClientCredentials;
  /** Least time between two fetches of the issuer's keys, in ms (unknown `kid`). Default 10 s. */
  jwksCooldownMs?: number;
  /** Allowed clock difference with the issuer, in seconds. Default 10. */
  clockToleranceS?: number;
}

// After the authorization server could not be reached, requests fail fast for this long
// instead of each one waiting on it again.
const RETRY_DISCOVERY_MS = 5_000;
// Verified JWTs kept (until their `exp`), so a client's repeated calls cost a Map lookup.
const MAX_VERIFIED = 10_000;

type Check = (token: string) => Promise<Record<string, unknown>>;

/**
 * An OAuth 2.1 resource server, as the MCP authorization specification asks of an MCP server and
 * as REST and skill exposes reuse: RFC 9728 metadata at the well-known paths, `401` with
 * `WWW-Authenticate: Bearer resource_metadata="..."`, bearer tokens checked as JWTs against the
 * issuer's JWKS or by introspection. The issuer's metadata is discovered on the first request
 * (an unreachable issuer must not stop the gateway from starting); a verified token is
 * remembered until it expires, so a client's next call is answered synchronously.
 */
export function createResourceServer(options: CreateResourceServerOptions): InboundAuth {
  const { authentication, place } = options;
  const issuer = authentication.authorizationServerUri;
  const audience = authentication.audience ?? authentication.resource;
  const validation = authentication.tokenValidation ?? 'jwks';
  const metadata = buildProtectedResourceMetadata(authentication);
  const scopeHint =
    authentication.scopes === undefined || authentication.scopes.length === 0
      ? ''
      : `, scope="${authentication.scopes.join(' ')}"`;
  const challenge = `Bearer resource_metadata="${metadata.url}"${scopeHint}`;
  const client = options.client === undefined ? undefined : createClientAuthentication(options.client);
  if (validation === 'introspection' && client === undefined) {
    throw new Error(
      `${place} authentication: \`tokenValidation: introspection\` needs the client naftiko introspects as: set \`clientId\` and \`clientSecret\` (or \`privateKey\`)`,
    );
  }

  let check: Promise<Check> | undefined;
  let unreachable: { at: number; message: string } | undefined;
  const prepare = (): Promise<Check> => {
    if (check !== undefined) return check;
    const preparing = (async () => {
      const server = await discoverAuthorizationServer(issuer);
      if (validation === 'introspection') {
        if (server.introspection_endpoint === undefined)
          throw new Error(`${issuer} advertises no introspection_endpoint; use \`tokenValidation: jwks\``);
        return createIntrospector({
          endpoint: server.introspection_endpoint,
          issuer,
          audience,
          client: client as NonNullable<typeof client>,
          ...(options.clockToleranceS === undefined ? {} : { clockToleranceS: options.clockToleranceS }),
        });
      }
      if (server.jwks_uri === undefined)
        throw new Error(`${issuer} advertises no jwks_uri; use \`tokenValidation: introspection\``);
      return createJwtVerifier({
        issuer,
        audience,
        jwksUri: server.jwks_uri,
        ...(options.jwksCooldownMs === undefined ? {} : { cooldownMs: options.jwksCooldownMs }),
        ...(options.clockToleranceS === undefined ? {} : { clockToleranceS: options.clockToleranceS }),
      });
    })();
    check = preparing;
    // A failure is not kept: the next request after the pause asks the issuer again.
    preparing.catch((error: Error) => {
      check = undefined;
      unreachable = { at: Date.now(), message: error.message };
    });
    return preparing;
  };

  const verified = new Map<string, { until: number; verdict: InboundVerdict }>();
  const missing: InboundVerdict = {
    ok: false,
    status: 401,
    challenge,
    detail: 'a bearer access token is required',
  };
  const refuse = (rejection: TokenRejected): InboundVerdict =>
    rejection.unavailable
      ? {
          ok: false,
          status: 503,
          challenge,
          detail: `tokens cannot be checked now: ${rejection.message}`,
        }
      : {
          ok: false,
          status: 401,
          challenge: `Bearer error="invalid_token", error_description="${quoted(rejection.message)}", resource_metadata="${metadata.url}"`,
          detail: `invalid access token: ${rejection.message}`,
        };

  /** The verdict on a token, with how long it may be remembered when it is a verified JWT. */
  const verify = async (token: string): Promise<{ verdict: InboundVerdict; until?: number }> => {
    const unavailable = (message: string) => ({
      verdict: refuse(new TokenRejected(`the authorization server is unreachable (${message})`, true)),
    });
    if (
      unreachable !== undefined &&
      Date.now() - unreachable.at < RETRY_DISCOVERY_MS &&
      check === undefined
    ) {
      return unavailable(unreachable.message);
    }
    let claims: Record<string, unknown>;
    try {
      const run = await prepare();
      claims = await run(token);
    } catch (error) {
      if (error instanceof TokenRejected) return { verdict: refuse(error) };
      return unavailable((error as Error).message);
    }
    const principal: InboundPrincipal = {
      scopes: parseScopes(claims),
      ...(typeof claims.sub === 'string' ? { subject: claims.sub } : {}),
      ...(typeof claims.client_id === 'string'
        ? { clientId: claims.client_id }
        : typeof claims.azp === 'string'
          ? { clientId: claims.azp }
          : {}),
    };
    const verdict: InboundVerdict = { ok: true, principal };
    // Introspection answers are cached by the introspector (they can turn inactive); a JWT is
    // valid until its exp.
    return validation === 'jwks' && typeof claims.exp === 'number'
      ? { verdict, until: claims.exp * 1000 }
      : { verdict };
  };

  return {
    challenge,
    credential: { in: 'header', name: 'authorization' },
    wellKnown: new Map(metadata.paths.map((path) => [path, metadata.text])),
    insufficientScope: (scopes) =>
      `Bearer error="insufficient_scope", scope="${scopes.join(' ')}", resource_metadata="${metadata.url}", error_description="${quoted(`this call needs the scope${scopes.length === 1 ? '' : 's'} ${scopes.join(', ')}`)}"`,
    authenticate: (request: InboundRequest) => {
      const header = request.headers.authorization;
      // Keyed by the header as sent: a client's next call costs one Map lookup, no parsing.
      const known = typeof header === 'string' ? verified.get(header) : undefined;
      if (known !== undefined) {
        if (known.until > Date.now()) return known.verdict;
        verified.delete(header as string);
      }
      const token = bearerToken(header);
      if (token === undefined) return missing;
      return verify(token).then(({ verdict, until }) => {
        if (until !== undefined) {
          if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value as string);
          verified.set(header as string, { until, verdict });
        }
        return verdict;
      });
    },
  };
}

/** The token of a single `Authorization: Bearer <token>` header (RFC 6750 §2.1). */
function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || header.length < 8) return undefined;
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const token = header.slice(7).trim();
  return token === '' || /\s/.test(token) ? undefined : token;
}

/** Text safe inside a quoted-string of a header. */
function quoted(text: string): string {
  return text.replace(/["\\\r\n]/g, "'");
}
