import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { toPointer } from './json-pointer.js';
import type { SourceRange } from './source-range.js';

// Helpers mapping between YAML nodes, source offsets and JSON pointers.

export function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

export function toRange(
  lineCounter: LineCounter,
  node: Node | { range?: [number, number, number] | null },
): SourceRange {
  const range = node.range ?? [0, 0, 0];
  const start = position(lineCounter, range[0]);
  const end = position(lineCounter, range[1]);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

type Resolvable = { resolve(document: unknown): unknown };

/**
 * Walks `tokens` down the YAML tree. Where a token does not exist, the deepest node reached is
 * returned, so a missing key points at its parent. A pair whose value is a collection is
 * reported at its key (the line a reader looks for), not at the collection's first entry.
 */
export function findNode(contents: unknown, tokens: string[], document: unknown): Node | undefined {
  let current: unknown = contents;
  let located: Node | undefined = isNodeLike(contents) ? (contents as Node) : undefined;
  for (const token of tokens) {
    if (isAlias(current)) current = (current as unknown as Resolvable).resolve(document);
    if (isMap(current)) {
      const pair = current.items.find((item) => isPair(item) && keyText(item.key) === token);
      if (!pair) return located;
      current = pair.value;
      const value = pair.value as Node | null;
      if (value && isCollection(value) && isNodeLike(pair.key)) located = pair.key as Node;
      else if (value && isNodeLike(value)) located = value;
      else if (isNodeLike(pair.key)) located = pair.key as Node;
    } else if (isSeq(current)) {
      const index = /^\d+$/.test(token) ? Number(token) : -1;
      const item = current.items[index];
      if (item === undefined || item === null) return located;
      current = item;
      if (isNodeLike(item)) located = item as Node;
    } else {
      return located;
    }
  }
  return located;
}

function isNodeLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'range' in value;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** The key text of the pair whose key starts at `offset`, for duplicate-key messages. */
export function keyAt(root: unknown, offset: number): string | undefined {
  const path = pathAt(root, offset);
  return path?.[path.length - 1]?.toString();
}

/** JSON pointer of the innermost key or item that starts at or contains `offset`. */
export function pointerAt(root: unknown, offset: number): string | undefined {
  const path = pathAt(root, offset);
  return path ? toPointer(path) : undefined;
}

function pathAt(root: unknown, offset: number): Array<string | number> | undefined {
  const path: Array<string | number> = [];
  let current: unknown = root;
  for (let guard = 0; guard < 10_000; guard += 1) {
    if (isMap(current)) {
      // Duplicate keys: the last pair starting at or before the offset is the one reported.
      let next: unknown;
      for (const pair of current.items) {
        const key = pair.key as Node | null;
        const start = key?.range?.[0] ?? Number.POSITIVE_INFINITY;
        const value = pair.value as Node | null;
        const end = value?.range?.[2] ?? key?.range?.[2] ?? start;
        if (start <= offset && offset <= end) {
          path.push(keyText(key) ?? '');
          next = start === offset ? undefined : pair.value;
        }
      }
      if (next === undefined) return path;
      current = next;
    } else if (isSeq(current)) {
      const index = current.items.findIndex((item) => {
        const range = (item as Node | null)?.range;
        return range !== undefined && range !== null && range[0] <= offset && offset <= range[2];
      });
      if (index < 0) return path;
      path.push(index);
      current = current.items[index];
    } else {
      return path;
    }
  }
  return path;
}
