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

export interface CreateCapabilityAjvOptions {
  /** ajv strict mode; off only for schemas we do not control (the official reference). */
  strict?: boolean;
  /** Collect every error instead of stopping at the first; checkSchema does not need it. */
  allErrors?: boolean;
  /** Check schemas against the draft 2020-12 meta-schema first; tests do, runtime skips it. */
  validateSchema?: boolean;
}

/**
 * Creates the ajv instance both dialects (and, in tests, the official reference schema) compile
 * with. The defaults favour a fast cold start: compiling is most of `naftiko validate`'s start-up,
 * and skipping meta-schema validation and code optimisation makes it several times faster while
 * validating a capability stays well under a millisecond.
 */
export function createCapabilityAjv(options: CreateCapabilityAjvOptions = {}): Ajv2020 {
  const { strict = true, allErrors = false, validateSchema = false } = options;
  const ajv = new Ajv2020({
    allErrors,
    strict,
    // Union branches list `required` names that the enclosing object defines.
    strictRequired: false,
    // Each definition compiles once, and `getSchema('#/$defs/X')` reuses it.
    inlineRefs: false,
    validateSchema,
    code: { optimize: false },
  });
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
