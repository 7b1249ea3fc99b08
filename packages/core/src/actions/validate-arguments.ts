/**
 * Argument validation against an action's input schema, compiled once per schema with ajv.
 * Each issue names the field so a model (or a human) can fix the call.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { NaftikoError } from '../errors.js';
import type { ArgumentIssue, JsonSchema } from '../extension.js';

// One instance for all actions. The schemas are ours (`buildInputSchema`), built from fields the
// capability schema already constrains (types from an enum, names and descriptions strings), so
// checking them against ajv's meta-schema first (`validateSchema`) would only cost compiling that
// meta-schema: most of a cold `naftiko run`'s validator work. What ajv can still refuse (a
// `pattern` that is no regular expression) throws from `compile` below and becomes ACTION_INVALID.
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  validateFormats: false,
  validateSchema: false,
  // Nothing refers to a meta-schema (no `$schema` in our schemas): skip registering them.
  meta: false,
  // ajv's optimiser only drops dead locals from code this small (V8 drops them too: measured the
  // same ns per call) but costs compile time on every action.
  code: { optimize: false },
});

// `loadCapability` builds every action to report problems, then the engine builds them again to
// serve: equal schemas share one compiled function. Keyed by content, bounded, so a long-lived
// process loading many capabilities does not keep every validator it ever compiled.
const compiled = new Map<string, ValidateFunction>();
const MAX_CACHED = 500;

export type ArgumentValidator = (args: unknown) => ArgumentIssue[];

export interface CompileArgumentValidatorOptions {
  schema: JsonSchema;
  /** The action, for messages: `"mcp-ns.tool-name"`. */
  place: string;
}

/** Compiles (or reuses) the validator of `schema`; throws ACTION_INVALID naming the place. */
export function compileArgumentValidator({
  schema,
  place,
}: CompileArgumentValidatorOptions): ArgumentValidator {
  const validate = compile(schema, place);
  return (args) => {
    if (validate(args)) return [];
    return (validate.errors ?? []).map(toIssue);
  };
}

function compile(schema: JsonSchema, place: string): ValidateFunction {
  const key = JSON.stringify(schema);
  const cached = compiled.get(key);
  if (cached) return cached;
  checkPatterns(schema, place);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new NaftikoError(
      'ACTION_INVALID',
      `The input schema of ${place} cannot be compiled: ${detail}. Check its inputParameters.`,
      { cause: error, data: { place } },
    );
  } finally {
    // ajv keeps every schema object it compiled; this cache is the one that decides what stays.
    ajv.removeSchema(schema);
  }
  if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, validate);
  return validate;
}

/** A `pattern` ajv would reject, reported with the parameter it belongs to. */
function checkPatterns(schema: JsonSchema, place: string): void {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, property] of Object.entries(properties)) {
    const pattern = property.pattern;
    if (typeof pattern !== 'string') continue;
    try {
      // ajv compiles patterns in unicode mode.
      new RegExp(pattern, 'u');
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
}

function toIssue(error: ErrorObject): ArgumentIssue {
  const base = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  const params = error.params as Record<string, unknown>;
  const join = (name: string) => (base ? `${base}.${name}` : name);
  switch (error.keyword) {
    case 'required': {
      const field = join(String(params.missingProperty));
      return { field, keyword: 'required', message: `"${field}" is required` };
    }
    case 'additionalProperties': {
      const field = join(String(params.additionalProperty));
      return { field, keyword: 'additionalProperties', message: `"${field}" is not an accepted argument` };
    }
    case 'type':
      if (!base) return { field: '', keyword: 'type', message: `arguments must be ${String(params.type)}` };
      return { field: base, keyword: 'type', message: `"${base}" must be ${describeType(params.type)}` };
    case 'enum':
      return {
        field: base,
        keyword: 'enum',
        message: `"${base}" must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    default:
      return {
        field: base,
        keyword: error.keyword,
        message: `"${base || 'arguments'}" ${error.message ?? 'is invalid'}`,
      };
  }
}

function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  const words = types.map((t) =>
    t === 'object' || t === 'array' || t === 'integer' ? `an ${t}` : `a ${String(t)}`,
  );
  return words.join(' or ');
}
