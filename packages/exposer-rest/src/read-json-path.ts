import { NaftikoError } from '@naftiko/core';

/** A compiled JSONPath of the simple form a body parameter `value` uses. */
export type JsonPathReader = (root: unknown) => unknown;

const SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^'\\]*)'\]|\["([^"\\]*)"\])/;

/**
 * Compiles `$`, `$.a.b`, `$.items[0]`, `$['odd key']` once at load. Body parameters only ever
 * pick one value out of the request body, so filters and wildcards are refused with an error
 * naming the place rather than half-supported.
 */
export function compileJsonPath(path: string, place: string): JsonPathReader {
  if (!path.startsWith('$')) {
    throw new NaftikoError(
      'ACTION_INVALID',
      `${place}: '${path}' is not a JSONPath; start it with '$' (e.g. '$.name')`,
      {
        data: { place },
      },
    );
  }
  const keys: Array<string | number> = [];
  let rest = path.slice(1);
  if (rest === '.') rest = '';
  while (rest !== '') {
    const match = SEGMENT.exec(rest);
    if (!match) {
      throw new NaftikoError(
        'ACTION_INVALID',
        `${place}: JSONPath '${path}' is not supported here; use plain member and index steps such as '$.items[0].id'`,
        { data: { place } },
      );
    }
    const index = match[2];
    keys.push(index !== undefined ? Number(index) : ((match[1] ?? match[3] ?? match[4]) as string));
    rest = rest.slice(match[0].length);
  }
  return (root) => {
    let current = root;
    for (const key of keys) {
      if (typeof current !== 'object' || current === null) return undefined;
      if (!Object.hasOwn(current, key)) return undefined;
      current = (current as Record<string | number, unknown>)[key];
    }
    return current;
  };
}
