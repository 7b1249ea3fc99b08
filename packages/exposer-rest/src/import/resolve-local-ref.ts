/** What {@link resolveLocalRef} found: the target and the pointer it lives at. */
export interface ResolvedRef {
  value: unknown;
  /** JSON pointer of the resolved value inside the document, for diagnostics. */
  pointer: string;
  /** Set when the reference could not be followed: names the reference and the reason. */
  problem?: string;
}

const MAX_HOPS = 32;

/**
 * Follows `$ref: '#/...'` chains inside one document. External references (another file or a
 * URL) are not fetched, by design: an import reads exactly the document it was given, so the
 * caller reports them instead of silently pulling in remote content.
 */
export function resolveLocalRef(root: unknown, value: unknown, pointer: string): ResolvedRef {
  let current = value;
  let currentPointer = pointer;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const ref = isRecord(current) ? current.$ref : undefined;
    if (typeof ref !== 'string') return { value: current, pointer: currentPointer };
    if (!ref.startsWith('#')) {
      return { value: {}, pointer: currentPointer, problem: `external reference '${ref}' is not followed` };
    }
    const target = readPointer(root, ref.slice(1));
    if (target === undefined) {
      return { value: {}, pointer: currentPointer, problem: `reference '${ref}' points to nothing` };
    }
    current = target;
    currentPointer = ref.slice(1);
  }
  return { value: {}, pointer: currentPointer, problem: `reference chain at '${pointer}' is circular` };
}

/** Reads an RFC 6901 pointer (already without the leading '#'); undefined when absent. */
export function readPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isRecord(current) && Object.hasOwn(current, token)) current = current[token];
    else return undefined;
  }
  return current;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
