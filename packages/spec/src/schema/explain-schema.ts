import { describePattern } from '../model/patterns.js';
import { code, joinWords, nodeLabel } from './describe-schema-value.js';
import { didYouMean } from './did-you-mean.js';
import { constIssue, enumIssue, numberIssues, stringIssues, typeIssue } from './scalar-issues.js';
import type { SchemaIssue } from './schema-issue.js';
import {
  childPointer,
  type ExplainSchemaOptions,
  equal,
  type Frame,
  isObject,
  issue,
  matchesType,
  resolve,
  type SchemaNode,
  type WalkContext,
} from './schema-walk.js';
import { notIssues, unionIssues } from './union-issues.js';

export type { ExplainSchemaOptions } from './schema-walk.js';

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
  return explain({ ...context, explain }, schema, value, { pointer: '', depth: 0 });
}

function explain(context: WalkContext, schema: unknown, value: unknown, frame: Frame): SchemaIssue[] {
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

function arrayIssues(context: WalkContext, node: SchemaNode, value: unknown[], frame: Frame): SchemaIssue[] {
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

function propertyDescription(context: WalkContext, schema: unknown): string | undefined {
  if (isObject(schema) && typeof schema.description === 'string') return schema.description;
  const { node } = resolve(context, schema, undefined);
  return isObject(node) && typeof node.description === 'string' ? node.description : undefined;
}

/** "The port" -> "the port", but "URL path" stays. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? `${text[0]!.toLowerCase()}${text.slice(1)}` : text;
}

function missingIssue(context: WalkContext, node: SchemaNode, names: string[], frame: Frame): SchemaIssue {
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
  context: WalkContext,
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
  context: WalkContext,
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
