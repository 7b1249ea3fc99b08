import { type Dict, isDict } from '../capability-index.js';
import { SUPPORTED_VERSIONS } from '../check-version.js';
import { joinPointer } from '../json-pointer.js';
import { PointerMoves } from '../normalize/pointer-moves.js';
import {
  alpha2Name,
  EXPOSES_BY_TYPE,
  IMPORT_LOCATION,
  SHAPE_CHILDREN,
  type ShapeNode,
} from './ikanos-shape.js';

export interface NormalizeIkanosResult {
  /** The document in the alpha2 model the engine runs (a copy; the input is left alone). */
  document: Dict;
  /** The pointer, in the file as written, of a node of `document`. */
  sourcePointer(pointer: string): string;
}

/**
 * Reads an ikanos document (already checked against its version's schema) into the alpha2 model,
 * once, at load: maps keyed by name become lists of items with that `name`, renamed keys get
 * their alpha2 names, `from` on an import becomes `location`. Every moved node records where it
 * was written, so a diagnostic about a listed item points at its key in the map.
 */
export function normalizeIkanos(input: Dict): NormalizeIkanosResult {
  const pairs: Array<[to: string, from: string]> = [];
  const { ikanos: _version, ...rest } = convertNode(input, 'Document', '', '', pairs) as Dict;
  // The model is alpha2's; the version the file declares is `LoadedDocument.version`.
  const document: Dict = { naftiko: SUPPORTED_VERSIONS[0], ...rest };
  pairs.push(['/naftiko', '/ikanos']);
  const moves = new PointerMoves();
  moves.step(pairs);
  return { document, sourcePointer: (pointer) => moves.source(pointer) };
}

type Pairs = Array<[to: string, from: string]>;

function convertNode(value: unknown, node: ShapeNode, to: string, from: string, pairs: Pairs): unknown {
  if (isDict(value) && isImportEntry(value)) {
    const { [IMPORT_LOCATION.ikanos]: location, ...rest } = value;
    pairs.push([joinPointer(to, IMPORT_LOCATION.alpha2), joinPointer(from, IMPORT_LOCATION.ikanos)]);
    return { ...structuredClone(rest), [IMPORT_LOCATION.alpha2]: location };
  }
  if (node === 'Exposes' && isDict(value)) {
    const selected = EXPOSES_BY_TYPE[String(value.type)];
    return selected ? convertNode(value, selected, to, from, pairs) : structuredClone(value);
  }
  if (node === 'OutputParameters') {
    // A list is mapped parameters (alpha2 as is); a map is orchestrated or mock parameters.
    return isDict(value)
      ? keyedToList(value, 'OrchestratedOutputParameter', to, from, pairs)
      : structuredClone(value);
  }
  if (!isDict(value)) return structuredClone(value);
  const children = SHAPE_CHILDREN[node] ?? {};
  const out: Dict = {};
  for (const [written, child] of Object.entries(value)) {
    const key = alpha2Name(node, written);
    const childTo = joinPointer(to, key);
    const childFrom = joinPointer(from, written);
    if (key !== written) pairs.push([childTo, childFrom]);
    const shape = children[key];
    if (!shape) {
      out[key] = structuredClone(child);
    } else if (shape.kind === 'one') {
      out[key] = convertNode(child, shape.node, childTo, childFrom, pairs);
    } else if (shape.kind === 'list') {
      out[key] = Array.isArray(child)
        ? child.map((item, index) =>
            convertNode(item, shape.node, joinPointer(childTo, index), joinPointer(childFrom, index), pairs),
          )
        : structuredClone(child);
    } else if (node === 'OrchestratedOutputParameter' && key === 'properties' && isDict(child)) {
      // alpha2 keeps this one a map, whose entries repeat their key as `name`.
      out[key] = Object.fromEntries(
        Object.entries(child).map(([name, item]) => {
          const itemTo = joinPointer(childTo, name);
          const itemFrom = joinPointer(childFrom, name);
          pairs.push([joinPointer(itemTo, 'name'), itemFrom]);
          const converted = convertNode(item, shape.node, itemTo, itemFrom, pairs);
          return [name, isDict(converted) ? { name, ...converted } : converted];
        }),
      );
    } else {
      out[key] = isDict(child)
        ? keyedToList(child, shape.node, childTo, childFrom, pairs)
        : structuredClone(child);
    }
  }
  return out;
}

/** `{a: {...}}` -> `[{name: a, ...}]`; the item and its `name` point at the key `a`. */
function keyedToList(map: Dict, node: ShapeNode, to: string, from: string, pairs: Pairs): unknown[] {
  return Object.entries(map).map(([name, item], index) => {
    const itemTo = joinPointer(to, index);
    const itemFrom = joinPointer(from, name);
    pairs.push([itemTo, itemFrom], [joinPointer(itemTo, 'name'), itemFrom]);
    const converted = convertNode(item, node, itemTo, itemFrom, pairs);
    return isDict(converted) ? { name, ...converted } : converted;
  });
}

function isImportEntry(value: Dict): boolean {
  return (
    typeof value.import === 'string' &&
    value[IMPORT_LOCATION.ikanos] !== undefined &&
    value.type === undefined
  );
}
