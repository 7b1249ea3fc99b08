import type { BindingSpec } from '@naftiko/spec';
import { NaftikoError } from '../errors.js';
import { parseBindLocation, SUPPORTED_BIND_LOCATIONS } from './bind-location.js';
import type { BindingValues } from './binding-values.js';
import { readBindFile } from './read-bind-file.js';

export interface ResolveBindingsOptions {
  binds: readonly BindingSpec[];
  /** Directory of the capability file; `file:///` locations are relative to it. */
  baseDir: string;
  /** Where binds without a location read from. */
  env: Record<string, string | undefined>;
}

export interface MissingBindVariable {
  namespace: string;
  variable: string;
  providerKey: string;
  /** 'environment' or the file path. */
  source: string;
}

/**
 * Resolves every bind at start. All missing variables are reported together in one
 * BIND_MISSING_VARIABLE error, each with how to set it; nothing is deferred to the first request.
 */
export function resolveBindings({ binds, baseDir, env }: ResolveBindingsOptions): BindingValues {
  const flat: Record<string, string> = {};
  const byNamespace: Record<string, Record<string, string>> = {};
  const missing: MissingBindVariable[] = [];

  for (const bind of binds) {
    const location = parseBindLocation(bind.location, baseDir);
    if (location.kind === 'unsupported' || location.kind === 'invalid') {
      throw unsupportedLocation(
        bind.namespace,
        bind.location ?? '',
        location.kind === 'unsupported' ? location.scheme : '',
      );
    }
    const file =
      location.kind === 'file'
        ? readBindFile({ namespace: bind.namespace, candidates: location.candidates })
        : undefined;
    const values: Record<string, string> = byNamespace[bind.namespace] ?? {};
    byNamespace[bind.namespace] = values;
    for (const [variable, providerKey] of Object.entries(bind.keys ?? {})) {
      const raw = file ? lookupKey(file.values, providerKey) : env[providerKey];
      const value = toBoundString(raw);
      if (value === undefined) {
        missing.push({
          namespace: bind.namespace,
          variable,
          providerKey,
          source: file ? file.path : 'environment',
        });
        continue;
      }
      values[variable] = value;
      flat[variable] = value;
    }
  }

  if (missing.length > 0) {
    const lines = missing.map(describeMissing);
    throw new NaftikoError(
      'BIND_MISSING_VARIABLE',
      missing.length === 1
        ? (lines[0] ?? '')
        : `${missing.length} bind variables are missing:\n${lines.map((l) => `  - ${l}`).join('\n')}`,
      { data: { missing } },
    );
  }
  return { flat, byNamespace };
}

export function unsupportedLocation(namespace: string, location: string, scheme: string): NaftikoError {
  const what = scheme ? `uses the location scheme "${scheme}://"` : `has an invalid location "${location}"`;
  return new NaftikoError(
    'BIND_LOCATION_UNSUPPORTED',
    `Bind "${namespace}" ${what}, which naftiko cannot read. Supported: ${SUPPORTED_BIND_LOCATIONS}.`,
    { data: { namespace, scheme, location } },
  );
}

function describeMissing({ namespace, variable, providerKey, source }: MissingBindVariable): string {
  if (source === 'environment') {
    return `Bind "${namespace}": variable ${variable} is not set (environment variable ${providerKey} is missing or empty). Set it: export ${providerKey}=... or add it to --env-file.`;
  }
  return `Bind "${namespace}": variable ${variable} is not set (key "${providerKey}" is missing in ${source}). Add "${providerKey}" to that file.`;
}

function lookupKey(values: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(values, key)) return values[key];
  // Nested files (`anthropic: { apiKey: ... }`) are addressed with a dotted provider key.
  let current: unknown = values;
  for (const part of key.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function toBoundString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}
