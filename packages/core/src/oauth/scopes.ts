import type { InboundPrincipal } from '../inbound-verdict.js';

/** The scopes of a token: the `scope` claim (space separated, RFC 9068) or an `scp` list. */
export function parseScopes(claims: Record<string, unknown>): Set<string> {
  const scopes = new Set<string>();
  const { scope, scp } = claims;
  const words = typeof scope === 'string' ? scope.split(' ') : Array.isArray(scp) ? scp : [];
  for (const word of typeof scp === 'string' && words.length === 0 ? scp.split(' ') : words) {
    if (typeof word === 'string' && word !== '') scopes.add(word);
  }
  return scopes;
}

/**
 * The scopes of `required` the principal lacks (a tool or operation needs all of them). Only
 * OAuth tokens carry scopes: no authentication, or a static credential, grants everything.
 */
export function missingScopes(
  required: readonly string[] | undefined,
  principal: InboundPrincipal | undefined,
): string[] {
  const granted = principal?.scopes;
  if (required === undefined || required.length === 0 || granted === undefined) return [];
  return required.filter((scope) => !granted.has(scope));
}
