/** A parsed query string: every key maps to all of its values, in order. */
export type QueryMultiMap = Record<string, string[]>;

/**
 * Parses a raw query string (without `?`) into a multi-map. Keys are percent-decoded, so the `qs`
 * brackets form the SDK sends (`statuses%5B%5D=idle`) arrives as `statuses[]`.
 */
export function parseQuery(search: string): QueryMultiMap {
  const query: QueryMultiMap = Object.create(null);
  if (search === '') return query;
  for (const [key, value] of new URLSearchParams(search)) {
    const values = query[key];
    if (values) values.push(value);
    else query[key] = [value];
  }
  return query;
}

/**
 * All values of an array parameter, accepting the three spellings clients use: `name[]=a`
 * (qs brackets, the SDK's), `name[0]=a` (qs indices) and plain repeated `name=a&name=b`.
 */
export function getQueryArray(query: QueryMultiMap, name: string): string[] {
  const values: string[] = [];
  const indexed = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[\\d*\\]$`);
  for (const key of Object.keys(query)) {
    if (key === name || indexed.test(key)) values.push(...(query[key] ?? []));
  }
  return values;
}

/** The single value of a scalar parameter; the last one wins when a client repeats it. */
export function getQueryValue(query: QueryMultiMap, name: string): string | undefined {
  const values = query[name];
  return values === undefined ? undefined : values[values.length - 1];
}
