import { escapePointerSegment } from './describe-schema-value.js';
import type { SchemaIssue, SchemaIssueCode } from './schema-issue.js';

export type SchemaNode = Record<string, unknown>;

/** What the explainer needs besides the schema: the definitions and the dialect-specific hints. */
export interface ExplainSchemaOptions {
  /** `$defs` of the schema; `$ref`s are `#/$defs/<name>`. */
  defs: Record<string, unknown>;
  /** The same `uri` format check ajv uses. */
  isUri: (value: string) => boolean;
  /** ajv's verdict for a whole definition; lets the explainer skip valid subtrees. */
  isValid?: (definition: string, value: unknown) => boolean;
  /** An extra sentence for a key or enum value that only another dialect accepts. */
  dialectHint?: (hint: { definition: string; property: string; value?: unknown }) => string | undefined;
}

/** Where the explainer is: the node's pointer and why it got there. */
export interface Frame {
  pointer: string;
  /** The `$defs` entry the current node belongs to, for dialect hints. */
  definition?: string;
  /** The definition owning the property the frame points at (inline property schemas stay in it). */
  parentDefinition?: string;
  /** `properties` of the object whose union branch is being explained. */
  ownerProperties?: Record<string, unknown>;
  /** "when `transport` is `stdio`": why the current union branch applies. */
  when?: string;
  depth: number;
}

/** Explains `value` against `schema`; the walk's entry point, passed around to avoid import cycles. */
export type Explain = (context: WalkContext, schema: unknown, value: unknown, frame: Frame) => SchemaIssue[];

export interface WalkContext extends ExplainSchemaOptions {
  explain: Explain;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function issue(code: SchemaIssueCode, pointer: string, message: string): SchemaIssue {
  return { code, severity: 'error', message, pointer };
}

export function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${escapePointerSegment(String(key))}`;
}

/** Follows `$ref`s to the definition they name. */
export function resolve(context: WalkContext, schema: unknown, definition: string | undefined) {
  let node = schema;
  let name = definition;
  for (let hops = 0; isObject(node) && typeof node.$ref === 'string' && hops < 64; hops++) {
    const ref = node.$ref;
    name = ref.replace(/^#\/\$defs\//, '');
    node = context.defs[name];
  }
  return { node, definition: name };
}

const regExps = new Map<string, RegExp>();

/** Patterns compile once, with the `u` flag as ajv uses them. */
export function patternRegExp(pattern: string): RegExp {
  let regExp = regExps.get(pattern);
  if (!regExp) {
    regExp = new RegExp(pattern, 'u');
    regExps.set(pattern, regExp);
  }
  return regExp;
}

export function matchesType(type: unknown, value: unknown): boolean {
  if (Array.isArray(type)) return type.some((item) => matchesType(item, value));
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
