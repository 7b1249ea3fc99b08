/**
 * Argument validation against an action's input schema, compiled once per action with ajv.
 * Each issue names the field so a model (or a human) can fix the call.
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { ArgumentIssue, JsonSchema } from '../extension.js';

// One instance for all actions: compiled validators are cached per schema object.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

export type ArgumentValidator = (args: unknown) => ArgumentIssue[];

export function compileArgumentValidator(schema: JsonSchema): ArgumentValidator {
  const validate = ajv.compile(schema);
  return (args) => {
    if (validate(args)) return [];
    return (validate.errors ?? []).map(toIssue);
  };
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
