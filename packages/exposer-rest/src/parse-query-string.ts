const MAX_KEYS = 1000;

/**
 * Parses a query string the way HTTP SDKs write it (the `qs` library's formats, which the
 * Anthropic SDK uses): `a[]=1&a[]=2` and `a[0]=1` become `a: ['1', '2']`, a repeated `a=1&a=2`
 * becomes an array too, `a[gte]=x` becomes `a: { gte: 'x' }` (one level). `+` is a space, as
 * in forms. The result has no prototype, so `__proto__=x` is just a key. At most 1000 pairs
 * are read: more is an abuse, not an API call.
 */
export function parseQueryString(search: string): Record<string, unknown> {
  const query: Record<string, unknown> = Object.create(null);
  if (search === '') return query;
  let count = 0;
  for (const pair of search.split('&')) {
    if (pair === '' || ++count > MAX_KEYS) continue;
    const equals = pair.indexOf('=');
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    const bracket = key.indexOf('[');
    if (bracket > 0 && key.endsWith(']')) {
      const name = key.slice(0, bracket);
      const inner = key.slice(bracket + 1, -1);
      if (inner === '' || /^\d+$/.test(inner)) {
        appendValue(query, name, value, true);
        continue;
      }
      if (!inner.includes('[') && !inner.includes(']')) {
        const existing = query[name];
        const object =
          typeof existing === 'object' && existing !== null && !Array.isArray(existing)
            ? (existing as Record<string, unknown>)
            : (Object.create(null) as Record<string, unknown>);
        appendValue(object, inner, value, false);
        query[name] = object;
        continue;
      }
    }
    appendValue(query, key, value, false);
  }
  return query;
}

function appendValue(target: Record<string, unknown>, key: string, value: string, forceArray: boolean): void {
  const existing = target[key];
  if (existing === undefined) target[key] = forceArray ? [value] : value;
  else if (Array.isArray(existing)) existing.push(value);
  else if (typeof existing === 'string') target[key] = [existing, value];
  // An object slot (`a[x]=1`) met by a plain `a=2` keeps the object: mixing forms is ambiguous.
}

function decode(text: string): string {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A malformed escape is kept as written rather than failing the whole request.
    return spaced;
  }
}
