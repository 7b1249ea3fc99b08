import type { AuthOAuth2Spec } from '@naftiko/spec';

export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

export interface ProtectedResourceMetadata {
  /** Where clients are told to read it (the `resource_metadata` of challenges). */
  url: string;
  /** Paths this server answers it on: the root form and the resource-path-suffixed form. */
  paths: string[];
  /** The JSON document. */
  text: string;
}

/**
 * RFC 9728 protected resource metadata of an oauth2 expose: the resource, its authorization
 * server and the scopes it knows. Clients find it at the well-known path with the resource's
 * path appended (§3.1), which the `resource_metadata` of every challenge names; the bare
 * well-known path answers too, for clients that try it first.
 */
export function buildProtectedResourceMetadata(authentication: AuthOAuth2Spec): ProtectedResourceMetadata {
  const resource = new URL(authentication.resource);
  const suffix = resource.pathname === '/' ? '' : resource.pathname.replace(/\/+$/, '');
  const document = {
    resource: authentication.resource,
    authorization_servers: [authentication.authorizationServerUri],
    ...(authentication.scopes === undefined || authentication.scopes.length === 0
      ? {}
      : { scopes_supported: authentication.scopes }),
    bearer_methods_supported: ['header'],
  };
  const paths = [PROTECTED_RESOURCE_PATH];
  if (suffix !== '') paths.push(`${PROTECTED_RESOURCE_PATH}${suffix}`);
  return {
    url: `${resource.origin}${PROTECTED_RESOURCE_PATH}${suffix}`,
    paths,
    text: `${JSON.stringify(document, null, 2)}\n`,
  };
}
