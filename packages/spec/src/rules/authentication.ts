import { asArray, asDict, asString, type CapabilityIndex } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

/**
 * Inbound authentication hygiene: stdio MCP servers take credentials from their environment, not
 * HTTP auth (Spectral `naftiko-mcp-auth-stdio-conflict`); OAuth2 resource servers need HTTPS
 * authorization servers (or one on a loopback address: unlike Spectral's rule, so a local test
 * server works) and resources and should declare scopes (`naftiko-oauth2-*`).
 */
export function checkAuthentication(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  for (const expose of index.exposes) {
    const authentication = asDict(expose.entry.authentication);
    if (!authentication) continue;
    const pointer = joinPointer(expose.pointer, 'authentication');
    if (expose.type === 'mcp' && expose.entry.transport === 'stdio') {
      diagnostics.push(
        createDiagnostic(
          'mcp-stdio-authentication',
          pointer,
          'an MCP server on `transport: stdio` is not reached over HTTP, so `authentication` never applies; remove it or switch to `transport: http`',
        ),
      );
    }
    if (authentication.type !== 'oauth2') continue;
    const server = asString(authentication.authorizationServerUri);
    if (server !== undefined && !server.startsWith('https://') && !isLoopbackHttp(server)) {
      diagnostics.push(
        createDiagnostic(
          'oauth2-authorization-server-not-https',
          joinPointer(pointer, 'authorizationServerUri'),
          `\`authorizationServerUri: ${server}\` must use \`https://\` (OAuth 2.1 requires TLS for authorization servers; plain http is accepted only on a loopback address, for local development)`,
        ),
      );
    }
    const resource = asString(authentication.resource);
    if (resource !== undefined && !resource.startsWith('https://')) {
      diagnostics.push(
        createDiagnostic(
          'oauth2-resource-not-https',
          joinPointer(pointer, 'resource'),
          `\`resource: ${resource}\` should use \`https://\` in production; it is the audience clients request tokens for`,
        ),
      );
    }
    if (asArray(authentication.scopes).length === 0) {
      diagnostics.push(
        createDiagnostic(
          'oauth2-scopes-missing',
          pointer,
          'OAuth2 authentication declares no `scopes`; list them so challenges and protected resource metadata can name them',
        ),
      );
    }
  }
  for (const unit of index.units) {
    const scopes = asArray(unit.entry.scopes).filter((scope): scope is string => typeof scope === 'string');
    if (scopes.length === 0 || unit.expose === undefined) continue;
    const authentication = asDict(unit.expose.entry.authentication);
    const pointer = joinPointer(unit.pointer, 'scopes');
    if (authentication?.type !== 'oauth2') {
      diagnostics.push(
        createDiagnostic(
          'oauth2-scopes-without-oauth2',
          pointer,
          '`scopes` apply only to OAuth tokens, and this expose has no `authentication: {type: oauth2}`: every caller may call it; add oauth2 authentication to the expose or remove `scopes`',
        ),
      );
      continue;
    }
    const known = asArray(authentication.scopes);
    const unknown = known.length === 0 ? [] : scopes.filter((scope) => !known.includes(scope));
    if (unknown.length > 0) {
      diagnostics.push(
        createDiagnostic(
          'oauth2-scope-undeclared',
          pointer,
          `${unknown.map((scope) => `\`${scope}\``).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the expose's \`authentication.scopes\` (${known.map((scope) => `\`${String(scope)}\``).join(', ')}): clients learn the scopes to ask for from that list; add ${unknown.length === 1 ? 'it' : 'them'} there`,
        ),
      );
    }
  }
  return diagnostics;
}

/** `http://localhost`, `http://127.x.x.x`, `http://[::1]`: a local development server, never on the wire. */
function isLoopbackHttp(uri: string): boolean {
  return /^http:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:[/?#]|$)/i.test(uri);
}
