/**
 * The header names a `Connection` field lists (RFC 9110 7.6.1): they describe the connection
 * they arrived on, so a proxy removes them (and `Connection` itself) before forwarding, whichever
 * direction. Lower-cased; `close` and `keep-alive` are included (the latter is a header too).
 */
export function namedInConnection(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const text = typeof value === 'string' ? value : value.join(',');
  const names: string[] = [];
  for (const token of text.split(',')) {
    const name = token.trim().toLowerCase();
    if (name !== '') names.push(name);
  }
  return names;
}

/**
 * Deletes from `headers` (lower-case keys) every field its `connection` header names; returns
 * the same object. Most answers carry `connection: keep-alive`, so this stays a cheap check.
 */
export function dropConnectionNamed<T extends Record<string, unknown>>(headers: T): T {
  const connection = headers.connection as string | string[] | undefined;
  // The usual values name no other field (`keep-alive` is hop-by-hop and dropped by every relay
  // anyway): skip the parse and the delete, which would also slow every later read of the object.
  if (connection === undefined || connection === 'keep-alive' || connection === 'close') return headers;
  for (const name of namedInConnection(connection)) delete headers[name];
  return headers;
}
