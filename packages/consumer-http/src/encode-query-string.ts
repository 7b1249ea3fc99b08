/** One query parameter as declared: arrays repeat the key, `undefined`/`null` drop it. */
export interface QueryEntry {
  name: string;
  value: unknown;
}

/**
 * Serialises query parameters with RFC 3986 percent-encoding (`%20` for a space, which every
 * server reads; `+` is only a space in form bodies). Objects are sent as JSON text, since a query
 * string has no standard nesting. Returns '' or a string that starts with '?'.
 */
export function encodeQueryString(entries: readonly QueryEntry[]): string {
  let out = '';
  for (const { name, value } of entries) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === undefined || item === null) continue;
      out += `${out === '' ? '?' : '&'}${encodeURIComponent(name)}=${encodeURIComponent(stringifyScalar(item))}`;
    }
  }
  return out;
}

/** The text form of a parameter value placed in a URL, a header or a cookie. */
export function stringifyScalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value) ?? '';
}
