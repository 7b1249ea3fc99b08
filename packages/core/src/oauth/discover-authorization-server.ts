import { fetchJson, isJsonObject, OAuthFetchError } from './fetch-json.js';

/** The fields of RFC 8414 / OpenID Connect discovery metadata naftiko uses. */
export interface AuthorizationServerMetadata {
  issuer: string;
  jwks_uri?: string;
  token_endpoint?: string;
  introspection_endpoint?: string;
}

/**
 * The metadata of the authorization server whose issuer is `issuer`: RFC 8414
 * (`/.well-known/oauth-authorization-server`, inserted before the issuer's path), then OpenID
 * Connect discovery (`/.well-known/openid-configuration`, appended), as the MCP authorization
 * specification has clients try them. The document must name the same issuer (RFC 8414 §3.3),
 * else a compromised document could point token checks at another server's keys.
 */
export async function discoverAuthorizationServer(issuer: string): Promise<AuthorizationServerMetadata> {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  const candidates = [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}${path}/.well-known/openid-configuration`,
  ];
  const failures: string[] = [];
  for (const candidate of candidates) {
    const { status, body } = await fetchJson({ url: candidate });
    if (status !== 200 || !isJsonObject(body)) {
      failures.push(`${candidate} answered ${status}`);
      continue;
    }
    if (typeof body.issuer !== 'string' || !isSameIssuer(body.issuer, issuer)) {
      throw new OAuthFetchError(
        `${candidate} names issuer ${JSON.stringify(body.issuer)}, not ${issuer}; set authorizationServerUri to the issuer exactly`,
      );
    }
    return body as unknown as AuthorizationServerMetadata;
  }
  throw new OAuthFetchError(`no authorization server metadata for ${issuer} (${failures.join('; ')})`);
}

/** Issuer identifiers compared as RFC 8414 §3.3 asks, a trailing slash aside. */
export function isSameIssuer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
