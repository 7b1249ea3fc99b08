/** Escapes one reference token as RFC 6901 requires (`~` before `/`). */
export function escapePointerToken(token: string | number): string {
  if (typeof token === 'number') return String(token);
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Builds a JSON pointer from reference tokens: `['a', 0]` -> `/a/0`, `[]` -> `''`. */
export function toPointer(tokens: ReadonlyArray<string | number>): string {
  let pointer = '';
  for (const token of tokens) pointer += `/${escapePointerToken(token)}`;
  return pointer;
}

/** Splits a JSON pointer into its unescaped reference tokens; `''` is the root. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Appends tokens to an existing pointer. */
export function joinPointer(base: string, ...tokens: Array<string | number>): string {
  return base + toPointer(tokens);
}
