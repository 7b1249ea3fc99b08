import {
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLError,
} from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import { findFlowNestingOverflow } from './find-flow-nesting-overflow.js';
import { formatBytes } from './format-bytes.js';
import { parsePointer } from './json-pointer.js';
import type { SourceRange } from './source-range.js';
import { findNode, keyAt, pointerAt, position, toRange } from './yaml-positions.js';

export interface LoadYamlOptions {
  /** The text, or the raw bytes of a file (checked for NUL bytes and invalid UTF-8). */
  source: string | Uint8Array;
  /** Refuse larger inputs. Default 5 MiB. */
  maxBytes?: number;
  /** Deepest allowed nesting of mappings and sequences. Default 200. */
  maxDepth?: number;
  /** Alias expansions allowed by `toJS` (the billion-laughs guard). Default 100. */
  maxAliasCount?: number;
}

export interface LoadedYaml {
  /** The document as plain data; absent when the text cannot be used at all. */
  value?: unknown;
  /** Problems of the text itself, positioned but without `file` (the caller knows it). */
  diagnostics: Diagnostic[];
  /** Source range of the node at `pointer`, or of its deepest existing ancestor. */
  locate(pointer: string): SourceRange | undefined;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 200;
export const DEFAULT_MAX_ALIAS_COUNT = 100;

const NOWHERE = (): undefined => undefined;

/**
 * Parses one YAML (or JSON) capability text, keeping every node's position. Hostile input
 * (huge, binary, deeply nested, alias bombs, duplicate keys, several documents) turns into
 * diagnostics; this function does not throw on any input.
 */
export function loadYaml({
  source,
  maxBytes = DEFAULT_MAX_BYTES,
  maxDepth = DEFAULT_MAX_DEPTH,
  maxAliasCount = DEFAULT_MAX_ALIAS_COUNT,
}: LoadYamlOptions): LoadedYaml {
  const size = typeof source === 'string' ? Buffer.byteLength(source, 'utf8') : source.byteLength;
  if (size > maxBytes) {
    return fatal(
      'file-too-large',
      `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit; split the capability (shared consumes files can be imported) or raise maxBytes`,
    );
  }
  const text = decodeText(source);
  if (typeof text !== 'string') return fatal('binary-file', text.message);
  if (text.trim() === '') {
    return fatal('empty-document', 'file is empty; a capability starts with `naftiko: 1.0.0-alpha2`');
  }

  const overflow = findFlowNestingOverflow(text, maxDepth);
  if (overflow >= 0) {
    const before = text.slice(0, overflow);
    const line = before.split('\n').length;
    return fatal(
      'nesting-too-deep',
      `flow collections ([ ] or { }) nest deeper than ${maxDepth} levels; flatten the document`,
      { line, column: overflow - before.lastIndexOf('\n') },
    );
  }

  const lineCounter = new LineCounter();

  let document: ReturnType<typeof parseDocument>;
  try {
    document = parseDocument(text, {
      lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      // Problems become diagnostics; the library must not print to the console.
      logLevel: 'error',
    });
  } catch (error) {
    // The parser reports recursion overflow itself; this is the last line of defence.
    return fatal('yaml-syntax', `the YAML parser gave up: ${describe(error)}`);
  }

  const locate = (pointer: string): SourceRange | undefined => {
    const node = findNode(document.contents, parsePointer(pointer), document);
    return node ? toRange(lineCounter, node) : undefined;
  };
  const diagnostics: Diagnostic[] = [];
  let usable = true;
  // One root cause, one error: after the first syntax error the parser's view of the rest of the
  // text is a guess (one unclosed `[` makes every later line an error), so nothing after it is
  // reported. Independent problems found before it (duplicate keys) stay.
  const errors = [...document.errors].sort((a, b) => a.pos[0] - b.pos[0]);
  for (const error of errors) {
    const converted = convertError(error, lineCounter, maxDepth, document.contents);
    diagnostics.push(converted.diagnostic);
    if (!converted.recoverable) {
      usable = false;
      if (converted.diagnostic.code === 'yaml-syntax') {
        converted.diagnostic.message +=
          '; fix this first: the parser cannot read what follows, so later lines are not checked';
      }
      break;
    }
  }
  for (const warning of document.warnings) {
    diagnostics.push({
      code: 'yaml-warning',
      severity: 'warning',
      message: `${warning.message.trim()}; write plain YAML without custom tags`,
      pointer: pointerAt(document.contents, warning.pos[0]) ?? '',
      ...position(lineCounter, warning.pos[0]),
    });
  }
  if (!usable) return { diagnostics: dedupe(diagnostics), locate };

  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    diagnostics.push({
      code: 'empty-document',
      severity: 'error',
      message: 'the document has no content; a capability starts with `naftiko: 1.0.0-alpha2`',
      pointer: '',
      line: 1,
      column: 1,
    });
    return { diagnostics, locate };
  }
  if (!isMap(contents)) {
    diagnostics.push({
      code: 'document-not-mapping',
      severity: 'error',
      message: `the document is a ${isSeq(contents) ? 'sequence' : 'scalar'}, not a mapping; a capability is a mapping that starts with \`naftiko: 1.0.0-alpha2\``,
      pointer: '',
      ...toRange(lineCounter, contents),
    });
    return { diagnostics, locate };
  }
  const { deep, complexKey } = inspectTree(contents, maxDepth);
  if (deep) {
    diagnostics.push({
      code: 'nesting-too-deep',
      severity: 'error',
      message: `the document nests deeper than ${maxDepth} levels; flatten it`,
      pointer: '',
      ...toRange(lineCounter, deep),
    });
    return { diagnostics, locate };
  }
  if (complexKey) {
    diagnostics.push({
      code: 'yaml-syntax',
      severity: 'error',
      message: 'a mapping key is a sequence or a mapping (`? [...]`); keys of a capability are plain strings',
      pointer: '',
      ...toRange(lineCounter, complexKey),
    });
    return { diagnostics, locate };
  }

  try {
    const value = document.toJS({ maxAliasCount });
    return { value, diagnostics, locate };
  } catch (error) {
    const aliasBomb = error instanceof ReferenceError && /alias/i.test(error.message);
    const alias = aliasBomb ? firstAlias(document) : undefined;
    diagnostics.push({
      code: aliasBomb ? 'alias-bomb' : 'yaml-syntax',
      severity: 'error',
      message: aliasBomb
        ? `aliases expand more than ${maxAliasCount} times (a resource exhaustion attack or a mistake); write the repeated parts out`
        : `the YAML cannot be converted to data: ${describe(error)}`,
      pointer: '',
      ...(alias ? toRange(lineCounter, alias) : { line: 1, column: 1 }),
    });
    return { diagnostics, locate };
  }
}

function fatal(code: string, message: string, at: { line: number; column: number } = { line: 1, column: 1 }) {
  return {
    diagnostics: [{ code, severity: 'error' as const, message, pointer: '', ...at }],
    locate: NOWHERE,
  };
}

function decodeText(source: string | Uint8Array): string | { message: string } {
  if (typeof source === 'string') {
    const nul = source.indexOf('\u0000');
    if (nul >= 0) return { message: binaryMessage(`a NUL character at offset ${nul}`) };
    return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  }
  const nul = source.indexOf(0);
  if (nul >= 0) return { message: binaryMessage(`a NUL byte at offset ${nul}`) };
  try {
    // fatal: invalid UTF-8 is a binary file, not text with replacement characters.
    return new TextDecoder('utf-8', { fatal: true }).decode(source);
  } catch {
    return { message: binaryMessage('bytes that are not valid UTF-8') };
  }
}

function binaryMessage(found: string): string {
  return `binary file: found ${found}; a capability must be UTF-8 YAML or JSON text`;
}

function convertError(
  error: YAMLError,
  lineCounter: LineCounter,
  maxDepth: number,
  root: unknown,
): { diagnostic: Diagnostic; recoverable: boolean } {
  const at = position(lineCounter, error.pos[0]);
  const end = position(lineCounter, error.pos[1]);
  const range = { ...at, endLine: end.line, endColumn: end.column };
  switch (error.code) {
    case 'DUPLICATE_KEY': {
      const key = keyAt(root, error.pos[0]);
      return {
        recoverable: true,
        diagnostic: {
          code: 'duplicate-key',
          severity: 'error',
          message: `duplicate key${key === undefined ? '' : ` \`${key}\``}: a mapping key may appear once; remove or merge the second one`,
          pointer: pointerAt(root, error.pos[0]) ?? '',
          ...range,
        },
      };
    }
    case 'MULTIPLE_DOCS':
      return {
        recoverable: true,
        diagnostic: {
          code: 'multiple-documents',
          severity: 'error',
          message:
            'the file holds more than one YAML document (a second `---`); keep one capability per file, only the first is checked',
          pointer: '',
          ...range,
        },
      };
    case 'RESOURCE_EXHAUSTION':
      return {
        recoverable: false,
        diagnostic: {
          code: 'nesting-too-deep',
          severity: 'error',
          message: `the document nests too deeply for the parser (limit ${maxDepth} levels); flatten it`,
          pointer: '',
          ...range,
        },
      };
    default:
      return {
        recoverable: false,
        diagnostic: {
          code: 'yaml-syntax',
          severity: 'error',
          message: `YAML syntax error: ${error.message.trim()}`,
          pointer: '',
          ...range,
        },
      };
  }
}

/** The parser reports recursion overflow at every level; one report per code and line is enough. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    const key =
      diagnostic.code === 'nesting-too-deep'
        ? diagnostic.code
        : `${diagnostic.code}:${diagnostic.line}:${diagnostic.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Iterative walk (no recursion, whatever the depth): the first node deeper than `maxDepth`, and
 * the first mapping key that is itself a collection.
 */
function inspectTree(root: Node, maxDepth: number): { deep?: Node; complexKey?: Node } {
  const stack: Array<[unknown, number]> = [[root, 1]];
  let complexKey: Node | undefined;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > maxDepth) return { deep: node };
    for (const item of node.items) {
      if (isPair(item)) {
        if (complexKey === undefined && isCollection(item.key)) complexKey = item.key;
        stack.push([item.key, depth + 1], [item.value, depth + 1]);
      } else {
        stack.push([item, depth + 1]);
      }
    }
  }
  return { complexKey };
}

/** The first alias (`*name`) of the document: where an alias expansion attack starts. */
function firstAlias(document: Parameters<typeof visit>[0]): Node | undefined {
  let found: Node | undefined;
  visit(document, {
    Alias(_, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
