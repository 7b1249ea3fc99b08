import { describePattern } from '../model/common.js';
import {
  code,
  escapePointerSegment,
  joinWords,
  jsonTypeOf,
  nodeLabel,
  showValue,
  typeWords,
} from './describe-schema-value.js';
import { didYouMean } from './did-you-mean.js';
import type { SchemaIssue, SchemaIssueCode } from './schema-issue.js';

type SchemaNode = Record<string, unknown>;

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

interface Frame {
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

/** Deeper than any real capability; stops hostile input from exhausting the stack. */
const MAX_DEPTH = 256;

/**
 * Explains why `value` does not match `schema`, as few precise issues as possible. It interprets
 * the subset of JSON Schema our generated schemas use (a test pins that subset), so it returns no
 * issue exactly when the value is valid. Unions are explained through the one branch the user
 * most likely meant: the branch selected by a discriminating `type`-like key, else the branch whose
 * distinguishing keys are present, else the branch with the fewest problems.
 */
export function explainSchema(
  options: ExplainSchemaOptions & { schema: unknown; value: unknown },
): SchemaIssue[] {
  const { schema, value, ...context } = options;
  return explain(context, schema, value, { pointer: '', depth: 0 });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issue(code: SchemaIssueCode, pointer: string, message: string): SchemaIssue {
  return { code, severity: 'error', message, pointer };
}

function childPointer(pointer: string, key: string | number): string {
  return `${pointer}/${escapePointerSegment(String(key))}`;
}

function resolve(context: ExplainSchemaOptions, schema: unknown, definition: string | undefined) {
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
function patternRegExp(pattern: string): RegExp {
  let regExp = regExps.get(pattern);
  if (!regExp) {
    regExp = new RegExp(pattern, 'u');
    regExps.set(pattern, regExp);
  }
  return regExp;
}

function matchesType(type: unknown, value: unknown): boolean {
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

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function explain(
  context: ExplainSchemaOptions,
  schema: unknown,
  value: unknown,
  frame: Frame,
): SchemaIssue[] {
  if (schema === true) return [];
  const resolved = resolve(context, schema, frame.definition);
  const node = resolved.node;
  const isReference = isObject(schema) && typeof schema.$ref === 'string';
  if (isReference && resolved.definition !== undefined && context.isValid?.(resolved.definition, value))
    return [];
  if (node === false || !isObject(node)) {
    return node === undefined || node === false
      ? [issue('schema-invalid', frame.pointer, `${nodeLabel(frame.pointer)} is not allowed here.`)]
      : [];
  }
  const here: Frame = { ...frame, definition: resolved.definition };
  if (here.depth > MAX_DEPTH) {
    return [issue('schema-invalid', here.pointer, `${nodeLabel(here.pointer)} is nested too deeply.`)];
  }

  if (node.type !== undefined && !matchesType(node.type, value)) {
    return [typeIssue([node.type].flat() as string[], value, here.pointer)];
  }
  if ('const' in node && !equal(node.const, value)) {
    return [constIssue(node.const, value, here)];
  }
  if (Array.isArray(node.enum) && !node.enum.some((item) => equal(item, value))) {
    return [enumIssue(context, node.enum, value, here)];
  }

  const issues: SchemaIssue[] = [];
  if (typeof value === 'string') issues.push(...stringIssues(context, node, value, here.pointer));
  if (typeof value === 'number') issues.push(...numberIssues(node, value, here.pointer));
  if (Array.isArray(value)) issues.push(...arrayIssues(context, node, value, here));
  if (isObject(value)) issues.push(...objectIssues(context, node, value, here));
  if (node.not !== undefined) issues.push(...notIssues(context, node, value, here));
  if (Array.isArray(node.anyOf)) issues.push(...unionIssues(context, node, node.anyOf, 'anyOf', value, here));
  if (Array.isArray(node.oneOf)) issues.push(...unionIssues(context, node, node.oneOf, 'oneOf', value, here));
  return dedupe(issues);
}

function dedupe(issues: SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((item) => {
    const key = `${item.code}\u0000${item.pointer}\u0000${item.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Scalars

const SHORT_TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'a number',
  number: 'a number',
  boolean: 'a boolean',
  object: 'a mapping',
  array: 'a list',
};

function typeIssue(types: string[], value: unknown, pointer: string): SchemaIssue {
  const expected = joinWords([...new Set(types)].map(typeWords));
  const actual = jsonTypeOf(value);
  let fix = '';
  if (typeof value === 'string' && types.some((type) => type === 'integer' || type === 'number')) {
    if (value.trim() !== '' && Number.isFinite(Number(value))) fix = ' Remove the quotes around the number.';
  } else if (typeof value === 'string' && types.includes('boolean') && /^(true|false)$/i.test(value)) {
    fix = ' Write true or false without quotes.';
  } else if (types.includes('string') && (typeof value === 'number' || typeof value === 'boolean')) {
    fix = ' Put the value in quotes.';
  } else if (types.includes('array') && isObject(value)) {
    fix = ' Write it as a list, each entry starting with `- `.';
  } else if (value === null) {
    fix = ' Give it a value or remove the key.';
  }
  const got =
    value === null
      ? 'empty'
      : `${SHORT_TYPE_WORDS[actual] ?? actual}${isObject(value) || Array.isArray(value) ? '' : ` (${code(showValue(value))})`}`;
  return issue('schema-type', pointer, `${nodeLabel(pointer)} must be ${expected}, not ${got}.${fix}`);
}

function constIssue(expected: unknown, value: unknown, frame: Frame): SchemaIssue {
  return issue(
    'schema-const',
    frame.pointer,
    `${nodeLabel(frame.pointer)} must be ${code(showValue(expected))}, not ${code(showValue(value))}.`,
  );
}

function enumIssue(
  context: ExplainSchemaOptions,
  allowed: unknown[],
  value: unknown,
  frame: Frame,
): SchemaIssue {
  const list = joinWords(allowed.map((item) => code(showValue(item))));
  const suggestion =
    typeof value === 'string'
      ? didYouMean(
          value,
          allowed.filter((item): item is string => typeof item === 'string'),
        )
      : undefined;
  const hint = dialectHint(context, frame, value);
  return issue(
    'schema-enum',
    frame.pointer,
    `${nodeLabel(frame.pointer)} must be one of ${list}, not ${code(showValue(value))}.${
      suggestion ? ` Did you mean ${code(suggestion)}?` : ''
    }${hint}`,
  );
}

/** A hint about the other dialect for the property the frame points at. */
function dialectHint(context: ExplainSchemaOptions, frame: Frame, value?: unknown): string {
  const property = frame.pointer.split('/').pop();
  if (!context.dialectHint || frame.definition === undefined || property === undefined) return '';
  const parentDefinition = frame.parentDefinition ?? frame.definition;
  const hint = context.dialectHint({ definition: parentDefinition, property, value });
  return hint ? ` ${hint}` : '';
}

function stringIssues(
  context: ExplainSchemaOptions,
  node: SchemaNode,
  value: string,
  pointer: string,
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const length = [...value].length;
  if (typeof node.minLength === 'number' && length < node.minLength) {
    issues.push(
      issue(
        'schema-min-length',
        pointer,
        node.minLength === 1
          ? `${nodeLabel(pointer)} must not be empty.`
          : `${nodeLabel(pointer)} must be at least ${node.minLength} characters long, not ${length}.`,
      ),
    );
  }
  if (typeof node.maxLength === 'number' && length > node.maxLength) {
    issues.push(
      issue(
        'schema-max-length',
        pointer,
        `${nodeLabel(pointer)} is ${length} characters long; the limit is ${node.maxLength}. Shorten it.`,
      ),
    );
  }
  if (typeof node.pattern === 'string' && !patternRegExp(node.pattern).test(value)) {
    const words = describePattern(node.pattern);
    issues.push(
      issue(
        'schema-pattern',
        pointer,
        `${nodeLabel(pointer)} ${code(showValue(value))} is not valid: ${
          words ? `expected ${words}` : `it must match the pattern ${code(node.pattern)}`
        }.`,
      ),
    );
  }
  if (node.format === 'uri' && !context.isUri(value)) {
    issues.push(
      issue(
        'schema-format',
        pointer,
        `${nodeLabel(pointer)} ${code(showValue(value))} is not an absolute URI: it needs a scheme, such as ${code('https://auth.example.com')}.`,
      ),
    );
  }
  return issues;
}

function numberIssues(node: SchemaNode, value: number, pointer: string): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const range =
    typeof node.minimum === 'number' && typeof node.maximum === 'number'
      ? ` (allowed: ${node.minimum} to ${node.maximum})`
      : '';
  if (typeof node.minimum === 'number' && value < node.minimum) {
    issues.push(
      issue(
        'schema-minimum',
        pointer,
        `${nodeLabel(pointer)} must be at least ${node.minimum}, not ${value}${range}.`,
      ),
    );
  }
  if (typeof node.maximum === 'number' && value > node.maximum) {
    issues.push(
      issue(
        'schema-maximum',
        pointer,
        `${nodeLabel(pointer)} must be at most ${node.maximum}, not ${value}${range}.`,
      ),
    );
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Containers

function arrayIssues(
  context: ExplainSchemaOptions,
  node: SchemaNode,
  value: unknown[],
  frame: Frame,
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  if (typeof node.minItems === 'number' && value.length < node.minItems) {
    issues.push(
      issue(
        'schema-min-items',
        frame.pointer,
        node.minItems === 1
          ? `${nodeLabel(frame.pointer)} must not be an empty list: add an entry or remove the key.`
          : `${nodeLabel(frame.pointer)} must have at least ${node.minItems} entries, not ${value.length}.`,
      ),
    );
  }
  if (node.items !== undefined) {
    value.forEach((item, index) => {
      issues.push(
        ...explain(context, node.items, item, {
          pointer: childPointer(frame.pointer, index),
          definition: frame.definition,
          depth: frame.depth + 1,
        }),
      );
    });
  }
  return issues;
}

function propertyDescription(context: ExplainSchemaOptions, schema: unknown): string | undefined {
  if (isObject(schema) && typeof schema.description === 'string') return schema.description;
  const { node } = resolve(context, schema, undefined);
  return isObject(node) && typeof node.description === 'string' ? node.description : undefined;
}

/** "The port" -> "the port", but "URL path" stays. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? `${text[0]!.toLowerCase()}${text.slice(1)}` : text;
}

function missingIssue(
  context: ExplainSchemaOptions,
  node: SchemaNode,
  names: string[],
  frame: Frame,
): SchemaIssue {
  const required = frame.when ? ` ${names.length === 1 ? 'It is' : 'They are'} required ${frame.when}.` : '';
  if (names.length > 1) {
    return issue(
      'schema-missing-property',
      frame.pointer,
      `${nodeLabel(frame.pointer)} is missing the required keys ${joinWords(names.map(code), 'and')}.${required}`,
    );
  }
  const name = names[0]!;
  // A union branch lists `required` only; the descriptions live on the object that owns it.
  const properties =
    isObject(node.properties) && Object.hasOwn(node.properties, name)
      ? node.properties
      : (frame.ownerProperties ?? {});
  const description = propertyDescription(context, properties[name]);
  const about = description ? ` (${lowerFirst(description.replace(/\.$/, ''))})` : '';
  return issue(
    'schema-missing-property',
    frame.pointer,
    `${nodeLabel(frame.pointer)} is missing the required key ${code(name)}${about}.${required}`,
  );
}

function objectIssues(
  context: ExplainSchemaOptions,
  node: SchemaNode,
  value: Record<string, unknown>,
  frame: Frame,
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const properties = isObject(node.properties) ? node.properties : {};
  const known = Object.keys(properties);

  if (Array.isArray(node.required)) {
    const missing = (node.required as string[]).filter((name) => !Object.hasOwn(value, name));
    if (missing.length > 0) issues.push(missingIssue(context, node, missing, frame));
  }

  for (const [key, child] of Object.entries(value)) {
    const pointer = childPointer(frame.pointer, key);
    if (isObject(node.propertyNames)) {
      const keyIssues = explain(context, node.propertyNames, key, {
        ...frame,
        pointer,
        depth: frame.depth + 1,
      });
      if (keyIssues.length > 0)
        issues.push(propertyNameIssue(node.propertyNames, key, frame.pointer, pointer));
    }
    if (Object.hasOwn(properties, key)) {
      issues.push(
        ...explain(context, properties[key], child, {
          pointer,
          definition: frame.definition,
          parentDefinition: frame.definition,
          depth: frame.depth + 1,
        }),
      );
    } else if (node.additionalProperties === false) {
      issues.push(unknownPropertyIssue(context, key, known, frame, pointer));
    } else if (node.additionalProperties !== undefined) {
      issues.push(
        ...explain(context, node.additionalProperties, child, {
          pointer,
          definition: frame.definition,
          depth: frame.depth + 1,
        }),
      );
    }
  }
  return issues;
}

function propertyNameIssue(schema: SchemaNode, key: string, parent: string, pointer: string): SchemaIssue {
  const words = typeof schema.pattern === 'string' ? describePattern(schema.pattern) : undefined;
  return issue(
    'schema-property-name',
    pointer,
    `Key ${code(key)} in ${nodeLabel(parent)} is not valid: expected ${words ?? 'a different key'}.`,
  );
}

function unknownPropertyIssue(
  context: ExplainSchemaOptions,
  key: string,
  known: string[],
  frame: Frame,
  pointer: string,
): SchemaIssue {
  const suggestion = didYouMean(key, known);
  const hint =
    frame.definition !== undefined
      ? context.dialectHint?.({ definition: frame.definition, property: key })
      : undefined;
  const allowed = known.length > 0 ? ` Allowed keys: ${known.map(code).join(', ')}.` : '';
  return issue(
    'schema-unknown-property',
    pointer,
    `${nodeLabel(frame.pointer)} has an unknown key ${code(key)}.${suggestion ? ` Did you mean ${code(suggestion)}?` : ''}${
      hint ? ` ${hint}` : ''
    }${allowed}`,
  );
}

// ---------------------------------------------------------------------------------------------
// `not` and unions

/** Keys named by `required` anywhere in a `not` schema (`{required}` or `{anyOf: [{required}]}`). */
function requiredKeysIn(schema: unknown): string[] {
  if (!isObject(schema)) return [];
  const own = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const nested = [schema.anyOf, schema.oneOf, schema.allOf]
    .filter(Array.isArray)
    .flatMap((branches) => (branches as unknown[]).flatMap(requiredKeysIn));
  return [...own, ...nested];
}

function notIssues(
  context: ExplainSchemaOptions,
  node: SchemaNode,
  value: unknown,
  frame: Frame,
): SchemaIssue[] {
  const matches =
    explain(context, node.not, value, { ...frame, when: undefined, depth: frame.depth + 1 }).length === 0;
  if (!matches) return [];
  const forbidden = isObject(value)
    ? requiredKeysIn(node.not).filter((key) => Object.hasOwn(value, key))
    : [];
  if (forbidden.length === 0) {
    return [
      issue(
        'schema-invalid',
        frame.pointer,
        `${nodeLabel(frame.pointer)} has a combination of keys that is not allowed.`,
      ),
    ];
  }
  const companions = Array.isArray(node.required)
    ? (node.required as string[]).filter((key) => isObject(value) && Object.hasOwn(value, key))
    : [];
  const reason = frame.when
    ? `it is not allowed ${frame.when}`
    : companions.length > 0
      ? `it cannot be used together with ${joinWords(companions.map(code), 'and')}`
      : 'it is not allowed here';
  return [...new Set(forbidden)].map((key) =>
    issue('schema-forbidden-property', childPointer(frame.pointer, key), `Remove ${code(key)}: ${reason}.`),
  );
}

interface Branch {
  schema: unknown;
  node: SchemaNode;
  definition: string | undefined;
}

/** Allowed values of `key` in a branch, when the branch pins it with `const` or `enum`. */
function pinnedValues(branch: Branch, key: string): unknown[] | undefined {
  const properties = isObject(branch.node.properties) ? branch.node.properties : undefined;
  const property = properties?.[key];
  if (!isObject(property)) return undefined;
  if ('const' in property) return [property.const];
  if (Array.isArray(property.enum)) return property.enum;
  return undefined;
}

/** A key every branch pins to distinct values: `type` for most unions, `transport` for MCP. */
function findDiscriminator(branches: Branch[]): string | undefined {
  const [first] = branches;
  if (!first || branches.length < 2 || !isObject(first.node.properties)) return undefined;
  const keys = Object.keys(first.node.properties).filter((key) =>
    branches.every((branch) => pinnedValues(branch, key)),
  );
  return keys.includes('type') ? 'type' : keys[0];
}

function requiredOf(branch: Branch): string[] {
  return Array.isArray(branch.node.required) ? (branch.node.required as string[]) : [];
}

function unionIssues(
  context: ExplainSchemaOptions,
  owner: SchemaNode,
  schemas: unknown[],
  kind: 'anyOf' | 'oneOf',
  value: unknown,
  frame: Frame,
): SchemaIssue[] {
  // A union of whole alternatives (no keys of its own) versus extra constraints on an object.
  const standalone = owner.type === undefined && owner.properties === undefined;
  const branches: Branch[] = schemas.map((schema) => {
    const resolved = resolve(context, schema, frame.definition);
    return { schema, node: isObject(resolved.node) ? resolved.node : {}, definition: resolved.definition };
  });

  let candidates = branches.filter(
    (branch) => branch.node.type === undefined || matchesType(branch.node.type, value),
  );
  if (candidates.length === 0) {
    const types = branches
      .flatMap((branch) => [branch.node.type].flat())
      .filter((type): type is string => typeof type === 'string');
    return [typeIssue(types, value, frame.pointer)];
  }
  if (
    candidates.every((branch) => branch.node.type === 'string' && typeof branch.node.pattern === 'string') &&
    typeof value === 'string'
  ) {
    if (candidates.some((branch) => patternRegExp(branch.node.pattern as string).test(value))) return [];
    const words = candidates.map(
      (branch) => describePattern(branch.node.pattern as string) ?? code(branch.node.pattern as string),
    );
    return [
      issue(
        'schema-pattern',
        frame.pointer,
        `${nodeLabel(frame.pointer)} ${code(showValue(value))} is not valid: expected ${joinWords(words)}.`,
      ),
    ];
  }

  let when = frame.when;
  const discriminator = isObject(value) ? findDiscriminator(candidates) : undefined;
  if (discriminator !== undefined && isObject(value)) {
    const allowed = [...new Set(candidates.flatMap((branch) => pinnedValues(branch, discriminator) ?? []))];
    const keyPointer = childPointer(frame.pointer, discriminator);
    if (!Object.hasOwn(value, discriminator)) {
      if (standalone) {
        return [
          issue(
            'schema-missing-property',
            frame.pointer,
            `${nodeLabel(frame.pointer)} is missing the required key ${code(discriminator)}: one of ${joinWords(allowed.map((item) => code(showValue(item))))}.`,
          ),
        ];
      }
    } else {
      const selected = candidates.filter((branch) =>
        pinnedValues(branch, discriminator)?.some((item) => equal(item, value[discriminator])),
      );
      if (selected.length === 0) {
        return [enumIssue(context, allowed, value[discriminator], { ...frame, pointer: keyPointer })];
      }
      candidates = selected;
      if (!standalone) when = `when ${code(discriminator)} is ${code(showValue(value[discriminator]))}`;
    }
  }

  const evaluated = candidates.map((branch) => ({
    branch,
    issues: explain(context, branch.schema, value, {
      ...frame,
      when,
      ...(!standalone && isObject(owner.properties) ? { ownerProperties: owner.properties } : {}),
      depth: frame.depth + 1,
    }),
  }));
  const passing = evaluated.filter((entry) => entry.issues.length === 0);
  if (kind === 'anyOf' && passing.length > 0) return [];
  if (kind === 'oneOf' && passing.length === 1) return [];
  if (passing.length > 1)
    return [
      conflictIssue(
        passing.map((entry) => entry.branch),
        value,
        frame,
      ),
    ];
  return pickIntended(evaluated, candidates, value, frame);
}

function conflictIssue(passing: Branch[], value: unknown, frame: Frame): SchemaIssue {
  const shared = passing.map(requiredOf).reduce((common, keys) => common.filter((key) => keys.includes(key)));
  const keys = [...new Set(passing.flatMap(requiredOf))].filter(
    (key) => !shared.includes(key) && isObject(value) && Object.hasOwn(value, key),
  );
  if (keys.length < 2) {
    return issue(
      'schema-invalid',
      frame.pointer,
      `${nodeLabel(frame.pointer)} matches more than one form; make it match exactly one.`,
    );
  }
  return issue(
    'schema-conflicting-properties',
    frame.pointer,
    `${nodeLabel(frame.pointer)} uses ${joinWords(keys.map(code), 'and')} together; keep only one of them.`,
  );
}

/**
 * Chooses the failing branch the user meant: most of its distinguishing required keys present,
 * then fewest problems, then the first. When several branches tie and each only lacks keys,
 * one issue lists the alternatives.
 */
function pickIntended(
  evaluated: { branch: Branch; issues: SchemaIssue[] }[],
  candidates: Branch[],
  value: unknown,
  frame: Frame,
): SchemaIssue[] {
  const everywhere = candidates
    .map(requiredOf)
    .reduce((common, keys) => common.filter((key) => keys.includes(key)));
  const intent = (branch: Branch) =>
    requiredOf(branch).filter(
      (key) => !everywhere.includes(key) && isObject(value) && Object.hasOwn(value, key),
    ).length;
  const ranked = [...evaluated].sort(
    (a, b) => intent(b.branch) - intent(a.branch) || a.issues.length - b.issues.length,
  );
  const best = ranked[0]!;
  const tied = ranked.filter(
    (entry) => intent(entry.branch) === intent(best.branch) && entry.issues.length === best.issues.length,
  );
  const onlyMissing = (entry: { issues: SchemaIssue[] }) =>
    entry.issues.every((item) => item.code === 'schema-missing-property' && item.pointer === frame.pointer);
  if (tied.length > 1 && tied.every(onlyMissing) && isObject(value)) {
    const alternatives = tied.map((entry) =>
      joinWords(
        requiredOf(entry.branch)
          .filter((key) => !Object.hasOwn(value, key))
          .map((key) => {
            const pinned = pinnedValues(entry.branch, key);
            return pinned?.length === 1 ? code(`${key}: ${showValue(pinned[0])}`) : code(key);
          }),
        'and',
      ),
    );
    return [
      issue(
        'schema-missing-property',
        frame.pointer,
        `${nodeLabel(frame.pointer)} needs one of ${joinWords([...new Set(alternatives)])}.`,
      ),
    ];
  }
  return best.issues;
}
