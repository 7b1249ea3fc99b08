import { createHash } from 'node:crypto';

/**
 * The cache key of one call: the operation and everything a call brings (parameters, arguments,
 * step outputs: the template context's own values; bindings are the same for every call), in a
 * canonical JSON with sorted keys, hashed so a key has a bounded size in any store.
 */
export function cacheKey(target: string, values: object): string {
  return createHash('sha256').update(target).update('\0').update(canonicalJson(values)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
}
