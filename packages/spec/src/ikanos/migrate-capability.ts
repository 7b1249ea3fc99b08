import { Document, isMap, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { isDict } from '../capability-index.js';
import type { Diagnostic } from '../diagnostic.js';
import { parsePointer } from '../json-pointer.js';
import { loadYaml } from '../load-yaml.js';
import { placeDiagnostic } from '../place-diagnostics.js';
import { validateCapability } from '../validate-capability.js';
import {
  alpha2Name,
  EXPOSES_BY_TYPE,
  IMPORT_LOCATION,
  ikanosName,
  SHAPE_CHILDREN,
  type ShapeNode,
} from './ikanos-shape.js';
import { normalizeIkanos } from './normalize-ikanos.js';

/** The versions `naftiko migrate` writes. */
export const MIGRATE_TARGETS = ['1.0.0-beta5', '1.0.0-alpha2'] as const;
export type MigrateTarget = (typeof MIGRATE_TARGETS)[number];

export interface MigrateCapabilityOptions {
  /** The file as written (alpha2 or any ikanos version). */
  source: string;
  /** Where it lives: imports resolve next to it, diagnostics name it. */
  filename?: string;
  to: MigrateTarget;
}

export interface MigrateCapabilityResult {
  /** The migrated file; absent when the source is invalid or the result does not validate. */
  text?: string;
  /** Problems of the source, keys with no place in the target (dropped), problems of the result. */
  diagnostics: Diagnostic[];
}

type Direction = 'ikanos' | 'alpha2';

/**
 * Rewrites a capability file into another format version with the same table the loader reads
 * ikanos files with (ikanos-shape.ts), on the YAML document itself so comments stay where they
 * were. The result is validated in its target version; keys the target has no place for (ikanos
 * `tags`, `ttlMs` in alpha2) are dropped with a warning each.
 */
export function migrateCapability({
  source,
  filename,
  to,
}: MigrateCapabilityOptions): MigrateCapabilityResult {
  const file = filename ?? '<input>';
  const input = validateCapability({ source, filename: file });
  if (!input.value) return { diagnostics: input.diagnostics };
  const direction: Direction = to === '1.0.0-alpha2' ? 'alpha2' : 'ikanos';
  const from = input.value.version?.format === 'ikanos' ? 'ikanos' : 'alpha2';

  const document = parseDocument(source, { keepSourceTokens: false });
  if (from === 'ikanos' && direction === 'alpha2') inlineImports(document, input.value.document);
  if (from !== direction) walk(document.contents, 'Document', direction);
  setVersion(document, direction === 'ikanos' ? 'ikanos' : 'naftiko', to);

  // What the target has no place for is dropped, one warning each, placed in the file as written
  // (the alpha2 shape of an ikanos file is the model its loader reads, so its pointers map back).
  const written = loadYaml({ source });
  const read = isDict(written.value) && from === 'ikanos' ? normalizeIkanos(written.value) : undefined;
  const dropped: Diagnostic[] = [];
  for (let pass = 0; pass < 20; pass++) {
    // An ikanos file written as alpha2 is checked against the official alpha2 schema: the
    // compatible dialect would keep keys (`info.version`) the reference engine refuses.
    const result = validateCapability({
      source: print(document),
      filename: file,
      ...(from === 'ikanos' && direction === 'alpha2' ? { dialect: 'official' as const } : {}),
    });
    const unknown = result.diagnostics.filter((d) => d.code === 'schema-unknown-property' && d.file === file);
    if (unknown.length === 0 || direction === 'ikanos') {
      const diagnostics = [...dropped, ...result.diagnostics.filter((d) => d.severity === 'error')];
      if (result.value) return { text: print(document), diagnostics };
      // A community construct has no ikanos spelling: write the official model the loader read
      // instead (what runs is the same; comments and imports inside are not kept).
      if (from === 'alpha2' && direction === 'ikanos') {
        const normalized = fromModel({ model: input.value.document, source, file, to });
        if (normalized) return normalized;
      }
      return { diagnostics };
    }
    for (const diagnostic of unknown) {
      const path = parsePointer(diagnostic.pointer);
      const key = path[path.length - 1];
      document.deleteIn(path.map((token) => (/^\d+$/.test(token) ? Number(token) : token)));
      const pointer = read ? read.sourcePointer(diagnostic.pointer) : diagnostic.pointer;
      dropped.push(
        placeDiagnostic(
          {
            code: 'migrate-dropped',
            severity: 'warning',
            pointer,
            message: `\`${key}\` has no place in ${to}; it was dropped`,
          },
          file,
          written.locate(pointer),
        ),
      );
    }
  }
  return { diagnostics: dropped };
}

function fromModel({
  model,
  source,
  file,
  to,
}: {
  model: unknown;
  source: string;
  file: string;
  to: MigrateTarget;
}): MigrateCapabilityResult | undefined {
  const document = new Document(model);
  const original = parseDocument(source);
  // The file's opening comment (a header) is kept.
  const root = isMap(original.contents) ? original.contents : undefined;
  const first = root?.items[0]?.key;
  const header =
    original.commentBefore ?? root?.commentBefore ?? (isScalar(first) ? first.commentBefore : undefined);
  if (header) document.commentBefore = header;
  walk(document.contents, 'Document', 'ikanos');
  setVersion(document, 'ikanos', to);
  const text = print(document);
  const result = validateCapability({ source: text, filename: file });
  if (!result.value) return undefined;
  const note: Diagnostic = {
    code: 'migrate-rewritten',
    severity: 'warning',
    pointer: '',
    file,
    line: 1,
    column: 1,
    message: `community constructs have no ${to} spelling, so the file was written from the model naftiko runs (their official form, imports inlined); comments inside it were not kept`,
  };
  return { text, diagnostics: [note] };
}

/**
 * alpha2 imports consumes entries only: an imported expose, aggregate or bind is written inline,
 * as the loader resolved it (its comments stay in the file it came from).
 */
function inlineImports(document: Document, model: unknown): void {
  for (const owner of [[], ['capability']]) {
    for (const section of ['exposes', 'aggregates', 'binds']) {
      const list = document.getIn([...owner, section]);
      if (!isSeq(list)) continue;
      list.items.forEach((item, index) => {
        if (!isMap(item) || !isImportEntry(item)) return;
        const resolved = valueAt(model, [...owner, section, index]);
        if (resolved === undefined) return;
        const node = document.createNode(resolved);
        if (item.commentBefore) node.commentBefore = item.commentBefore;
        list.items[index] = node;
      });
    }
  }
}

function valueAt(value: unknown, path: Array<string | number>): unknown {
  let current = value;
  for (const token of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[token];
  }
  return current;
}

function setVersion(document: Document, key: 'ikanos' | 'naftiko', version: string): void {
  const root = document.contents;
  if (!isMap(root)) return;
  for (const pair of root.items) {
    if (!isScalar(pair.key) || (pair.key.value !== 'ikanos' && pair.key.value !== 'naftiko')) continue;
    pair.key.value = key;
    if (isScalar(pair.value)) pair.value.value = version;
    else pair.value = new Scalar(version);
  }
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function walk(node: unknown, shape: ShapeNode, direction: Direction): void {
  if (shape === 'Exposes') {
    const type = isMap(node) ? node.get('type') : undefined;
    const selected = typeof type === 'string' ? EXPOSES_BY_TYPE[type] : undefined;
    if (selected) walk(node, selected, direction);
    return;
  }
  if (!isMap(node)) return;
  if (isImportEntry(node)) {
    // An ikanos import has no `description`: it is kept as a comment above the entry.
    const description = node.get('description');
    if (direction === 'ikanos' && typeof description === 'string') {
      node.delete('description');
      node.commentBefore = ` ${description}${node.commentBefore ? `\n${node.commentBefore}` : ''}`;
    }
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      if (pair.key.value === IMPORT_LOCATION.alpha2 && direction === 'ikanos')
        pair.key.value = IMPORT_LOCATION.ikanos;
      else if (pair.key.value === IMPORT_LOCATION.ikanos && direction === 'alpha2')
        pair.key.value = IMPORT_LOCATION.alpha2;
    }
    return;
  }
  const children = SHAPE_CHILDREN[shape] ?? {};
  for (const pair of node.items) {
    const written = keyOf(pair);
    if (written === undefined || !isScalar(pair.key)) continue;
    const alpha2 = direction === 'ikanos' ? written : alpha2Name(shape, written);
    pair.key.value = direction === 'ikanos' ? ikanosName(shape, written) : alpha2;
    const child = children[alpha2];
    if (!child) continue;
    if (child.kind === 'one' && child.node === 'OutputParameters') {
      pair.value = outputParameters(pair.value, direction);
    } else if (child.kind === 'one') {
      walk(pair.value, child.node, direction);
    } else if (child.kind === 'list') {
      if (isSeq(pair.value)) for (const item of pair.value.items) walk(item, child.node, direction);
    } else if (shape === 'OrchestratedOutputParameter' && alpha2 === 'properties' && isMap(pair.value)) {
      // A map in both formats; alpha2 repeats each key as `name`.
      for (const entry of pair.value.items) {
        if (!isMap(entry.value)) continue;
        if (direction === 'ikanos') removeName(entry.value);
        else if (!entry.value.has('name')) entry.value.items.unshift(namePair(keyOf(entry)));
        walk(entry.value, child.node, direction);
      }
    } else {
      pair.value =
        direction === 'ikanos' ? listToMap(pair.value, child.node) : mapToList(pair.value, child.node);
    }
  }
}

/** Mapped parameters (a `call`'s) stay a list; orchestrated and mock ones are keyed. */
function outputParameters(value: unknown, direction: Direction): unknown {
  if (direction === 'ikanos') {
    const keyed =
      isSeq(value) && value.items.length > 0 && value.items.every((item) => isMap(item) && item.has('name'));
    return keyed ? listToMap(value, 'OrchestratedOutputParameter') : value;
  }
  return isMap(value) ? mapToList(value, 'OrchestratedOutputParameter') : value;
}

function listToMap(value: unknown, node: ShapeNode): unknown {
  if (!isSeq(value)) return value;
  const map = new YAMLMap();
  map.flow = value.flow ?? false;
  if (value.commentBefore) map.commentBefore = value.commentBefore;
  if (value.comment) map.comment = value.comment;
  for (const [index, item] of value.items.entries()) {
    if (!isMap(item)) continue;
    const name = item.get('name') ?? unnamedKey(item, index);
    removeName(item);
    walk(item, node, 'ikanos');
    const key = new Scalar(name);
    // A comment above the list item now sits above its key.
    if (item.commentBefore) {
      key.commentBefore = item.commentBefore;
      item.commentBefore = undefined;
    }
    map.items.push(new Pair(key, item));
  }
  return map;
}

/**
 * alpha2 lets a `ref` tool take its function's name, and REST resources and operations go
 * unnamed; ikanos keys them all, so they get the name the engine already uses (the function's),
 * their path or their method.
 */
function unnamedKey(item: YAMLMap, index: number): string {
  const ref = item.get('ref');
  if (typeof ref === 'string' && ref.includes('.')) return ref.slice(ref.indexOf('.') + 1);
  const path = item.get('path');
  if (typeof path === 'string') return path.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
  const method = item.get('method');
  return typeof method === 'string' ? method.toLowerCase() : `item-${index + 1}`;
}

function mapToList(value: unknown, node: ShapeNode): unknown {
  if (!isMap(value)) return value;
  const list = new YAMLSeq();
  list.flow = value.flow ?? false;
  if (value.commentBefore) list.commentBefore = value.commentBefore;
  if (value.comment) list.comment = value.comment;
  for (const pair of value.items) {
    const item = isMap(pair.value) ? pair.value : new YAMLMap();
    walk(item, node, 'alpha2');
    item.items.unshift(namePair(keyOf(pair)));
    if (isScalar(pair.key) && pair.key.commentBefore) item.commentBefore = pair.key.commentBefore;
    list.items.push(item);
  }
  return list;
}

function namePair(name: string | undefined): Pair<Scalar, Scalar> {
  return new Pair(new Scalar('name'), new Scalar(name));
}

function removeName(item: YAMLMap): void {
  item.items = item.items.filter((pair) => keyOf(pair) !== 'name');
}

function isImportEntry(node: YAMLMap): boolean {
  return (
    node.has('import') &&
    (node.has(IMPORT_LOCATION.alpha2) || node.has(IMPORT_LOCATION.ikanos)) &&
    !node.has('type')
  );
}

/** The YAML text, long lines left as the user wrote them (no folding). */
function print(document: Document): string {
  return document.toString({ lineWidth: 0 });
}
