import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { createCapabilitySchema, type Dialect, type JsonSchema } from './create-capability-schema.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module namespace object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

interface CompiledDialect {
  schema: JsonSchema;
  ajv: Ajv2020;
  validate: ValidateFunction;
}

const generated = new Map<Dialect, JsonSchema>();
const compiled = new Map<Dialect, CompiledDialect>();

/** Creates the ajv instance both dialects (and the official reference schema in tests) compile with. */
export function createCapabilityAjv(options: { strict?: boolean; allErrors?: boolean } = {}): Ajv2020 {
  const { strict = true, allErrors = true } = options;
  // inlineRefs off: each definition compiles once, which is faster to compile and lets
  // `getSchema('#/$defs/X')` reuse it. strictRequired stays off: union branches list `required` names that the enclosing object defines.
  const ajv = new Ajv2020({ allErrors, strict, strictRequired: false, inlineRefs: false });
  addFormats(ajv, ['uri']);
  return ajv;
}

/** Generates and compiles a dialect once; later calls reuse it. */
export function compileCapabilitySchema(dialect: Dialect): CompiledDialect {
  const cached = compiled.get(dialect);
  if (cached) return cached;
  const schema = capabilitySchema(dialect);
  const ajv = createCapabilityAjv();
  const validate = ajv.compile(schema);
  const entry = { schema, ajv, validate };
  compiled.set(dialect, entry);
  return entry;
}

/** The JSON Schema (draft 2020-12) of a dialect, as published in `schemas/`. Do not mutate. */
export function capabilitySchema(dialect: Dialect): JsonSchema {
  let schema = generated.get(dialect);
  if (!schema) {
    schema = createCapabilitySchema({ dialect });
    generated.set(dialect, schema);
  }
  return schema;
}
