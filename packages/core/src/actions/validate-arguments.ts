/**
 * Argument validation against an action's input schema, compiled once per action.
 * Each issue names the field so a model (or a human) can fix the call.
 *
 * The schemas are ours (`buildInputSchema`): an object whose named properties each have at most a
 * JSON type, a description and a `pattern`, plus a `required` list. That small a language needs no
 * JSON Schema compiler, whose code generation cost milliseconds per schema at every start (figures
 * in the package README, from bench/stand-ins.mjs).
 * The checks and the issues are exactly ajv's for these schemas (`allErrors`, not `strict`):
 * the type of the arguments first; then every missing required name; then, property by property
 * in declaration order, a present value's type and, for strings, its pattern. A test compares both
 * on generated schemas and values. Anything else in a schema is refused as ACTION_INVALID.
 */
import { NaftikoError } from '../errors.js';
import type { ArgumentIssue, JsonSchema } from '../extension.js';

export type ArgumentValidator = (args: unknown) => ArgumentIssue[];

export interface CompileArgumentValidatorOptions {
  schema: JsonSchema;
  /** The action, for messages: `"mcp-ns.tool-name"`. */
  place: string;
}

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';

/** One declared property, its messages built once. */
interface PropertyRule {
  name: string;
  hasType: ((value: unknown) => boolean) | undefined;
  typeMessage: string;
  pattern: RegExp | undefined;
  patternMessage: string;
}

const TYPE_TESTS: Record<JsonType, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  // As ajv with `strict: false` (no `strictNumbers`): NaN and the infinities are numbers (JSON
  // carries neither; a library caller can pass them), the infinities integers.
  number: (value) => typeof value === 'number',
  integer: (value) => typeof value === 'number' && !(value % 1) && !Number.isNaN(value),
  boolean: (value) => typeof value === 'boolean',
  array: (value) => Array.isArray(value),
  object: isObject,
  null: (value) => value === null,
};
const ROOT_KEYWORDS = new Set(['type', 'properties', 'required', 'description']);
const PROPERTY_KEYWORDS = new Set(['type', 'description', 'pattern']);

/** Compiles the validator of `schema`; throws ACTION_INVALID naming the place. */
export function compileArgumentValidator({
  schema,
  place,
}: CompileArgumentValidatorOptions): ArgumentValidator {
  expectKeywords(schema, ROOT_KEYWORDS, place, 'the arguments');
  if (schema.type !== 'object')
    unsupported(place, `"type": ${JSON.stringify(schema.type)} for the arguments`);
  const required = [...((schema.required ?? []) as string[])];
  const rules = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(
    ([name, property]) => compileProperty(name, property, place),
  );
  // Plain indexed loops, no closure per property: this runs on every call.
  return (args) => {
    if (!isObject(args)) return [{ field: '', keyword: 'type', message: 'arguments must be object' }];
    const issues: ArgumentIssue[] = [];
    for (let i = 0; i < required.length; i++) {
      const name = required[i] as string;
      if (args[name] === undefined)
        issues.push({ field: name, keyword: 'required', message: `"${name}" is required` });
    }
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as PropertyRule;
      const value = args[rule.name];
      if (value === undefined) continue;
      if (rule.hasType !== undefined && !rule.hasType(value)) {
        issues.push({ field: rule.name, keyword: 'type', message: rule.typeMessage });
      }
      // A pattern applies to any string, even one of the wrong type (ajv reports both then).
      if (rule.pattern !== undefined && typeof value === 'string' && !rule.pattern.test(value)) {
        issues.push({ field: rule.name, keyword: 'pattern', message: rule.patternMessage });
      }
    }
    return issues;
  };
}

function compileProperty(name: string, property: JsonSchema, place: string): PropertyRule {
  expectKeywords(property, PROPERTY_KEYWORDS, place, `"${name}"`);
  const { type, pattern } = property;
  if (type !== undefined && !Object.hasOwn(TYPE_TESTS, type as string)) {
    unsupported(place, `"type": ${JSON.stringify(type)} for "${name}"`);
  }
  const article = type === 'object' || type === 'array' || type === 'integer' ? 'an' : 'a';
  return {
    name,
    hasType: TYPE_TESTS[type as JsonType],
    typeMessage: `"${name}" must be ${article} ${String(type)}`,
    pattern: pattern === undefined ? undefined : compilePattern(name, pattern, place),
    patternMessage: `"${name}" must match pattern "${String(pattern)}"`,
  };
}

/** A `pattern` that is no regular expression, reported with the parameter it belongs to. */
function compilePattern(name: string, pattern: unknown, place: string): RegExp {
  if (typeof pattern !== 'string') unsupported(place, `a pattern that is not a string for "${name}"`);
  try {
    // Unicode mode, as JSON Schema validators (ajv) compile patterns.
    return new RegExp(pattern, 'u');
  } catch (error) {
    // V8 says `Invalid regular expression: /<pattern>/u: <reason>`; the message quotes the pattern itself.
    const message = error instanceof Error ? error.message : String(error);
    const prefix = `Invalid regular expression: /${pattern}/u: `;
    const reason = message.startsWith(prefix) ? message.slice(prefix.length) : message;
    throw new NaftikoError(
      'ACTION_INVALID',
      `Input parameter "${name}" of ${place} has an invalid pattern ${JSON.stringify(pattern)}: ${reason}. Fix the regular expression (JavaScript syntax, unicode mode).`,
      { cause: error, data: { place, parameter: name } },
    );
  }
}

function expectKeywords(schema: JsonSchema, allowed: ReadonlySet<string>, place: string, what: string): void {
  for (const keyword of Object.keys(schema)) {
    if (!allowed.has(keyword)) unsupported(place, `"${keyword}" for ${what}`);
  }
}

// The schemas come from buildInputSchema: reaching this is a bug of ours, reported where it shows.
function unsupported(place: string, what: string): never {
  throw new NaftikoError(
    'ACTION_INVALID',
    `The input schema of ${place} uses ${what}, which argument validation does not support.`,
    { data: { place } },
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
