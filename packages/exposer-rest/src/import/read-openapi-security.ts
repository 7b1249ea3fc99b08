import type { Diagnostic } from '@naftiko/spec';
import type { OpenApiSecurityModel } from './openapi-model.js';
import { isRecord, resolveLocalRef } from './resolve-local-ref.js';

/** Options of {@link readOpenApiSecurity}. */
export interface ReadOpenApiSecurityOptions {
  root: Record<string, unknown>;
  version: '2.0' | '3.0' | '3.1';
  diagnostics: Diagnostic[];
  file?: string;
}

/**
 * Picks how the imported capability authenticates: the first scheme named by the document's
 * security requirements (root first, then operations) that maps onto a Naftiko authentication.
 * OAuth2 and OpenID Connect become a bearer token the operator provides, since the engine does
 * not run token flows for consumed APIs.
 */
export function readOpenApiSecurity(options: ReadOpenApiSecurityOptions): OpenApiSecurityModel | undefined {
  const { root, version } = options;
  const schemesPointer = version === '2.0' ? '/securityDefinitions' : '/components/securitySchemes';
  const schemes =
    version === '2.0'
      ? root.securityDefinitions
      : isRecord(root.components)
        ? root.components.securitySchemes
        : undefined;
  if (!isRecord(schemes)) return undefined;

  const names: string[] = [];
  for (const requirement of collectRequirements(root)) {
    for (const name of Object.keys(requirement)) if (!names.includes(name)) names.push(name);
  }
  // A document that defines schemes but names none in `security` still tells how it is called.
  if (names.length === 0) names.push(...Object.keys(schemes));

  for (const name of names) {
    const pointer = `${schemesPointer}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const scheme = resolveLocalRef(root, schemes[name], pointer).value;
    if (!isRecord(scheme)) continue;
    const mapped = mapScheme(name, scheme);
    if (mapped) return mapped;
    const diagnostic: Diagnostic = {
      code: 'openapi-security-unsupported',
      severity: 'warning',
      message: `security scheme '${name}' (${describe(scheme)}) has no Naftiko equivalent; add an \`authentication\` block to the consumes entry by hand.`,
      pointer,
    };
    if (options.file !== undefined) diagnostic.file = options.file;
    options.diagnostics.push(diagnostic);
  }
  return undefined;
}

function collectRequirements(root: Record<string, unknown>): Record<string, unknown>[] {
  const requirements: Record<string, unknown>[] = [];
  const push = (value: unknown) => {
    if (Array.isArray(value)) for (const entry of value) if (isRecord(entry)) requirements.push(entry);
  };
  push(root.security);
  if (isRecord(root.paths)) {
    for (const item of Object.values(root.paths)) {
      if (!isRecord(item)) continue;
      for (const operation of Object.values(item)) if (isRecord(operation)) push(operation.security);
    }
  }
  return requirements;
}

function mapScheme(name: string, scheme: Record<string, unknown>): OpenApiSecurityModel | undefined {
  const type = typeof scheme.type === 'string' ? scheme.type : '';
  const httpScheme = typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : '';
  if (type === 'basic' || (type === 'http' && httpScheme === 'basic'))
    return { type: 'basic', schemeName: name };
  if (type === 'http' && httpScheme === 'bearer') return { type: 'bearer', schemeName: name };
  if (type === 'oauth2' || type === 'openIdConnect') return { type: 'bearer', schemeName: name };
  if (
    type === 'apiKey' &&
    typeof scheme.name === 'string' &&
    (scheme.in === 'header' || scheme.in === 'query')
  ) {
    return { type: 'apikey', schemeName: name, key: scheme.name, placement: scheme.in };
  }
  return undefined;
}

function describe(scheme: Record<string, unknown>): string {
  const parts = [scheme.type, scheme.scheme, scheme.in].filter((part) => typeof part === 'string');
  return parts.join(' ') || 'no type';
}
