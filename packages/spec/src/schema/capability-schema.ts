import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';
import { createCapabilityAjv } from './create-capability-ajv.js';
import type { Dialect, JsonSchema } from './dialect.js';
import { capabilitySchema } from './precompiled-dialect.js';

export { type CreateCapabilityAjvOptions, createCapabilityAjv } from './create-capability-ajv.js';
export { capabilitySchema } from './precompiled-dialect.js';

// Validation itself never compiles: it runs the validators `generate-dialect-validators.ts` emitted at
// build time (see precompiled-dialect.ts). This is ajv at run time, for tests and tools that
// compile schemas (ours, the official reference) on the fly.

interface CompiledDialect {
  schema: JsonSchema;
  ajv: Ajv2020;
  validate: ValidateFunction;
}

const compiled = new Map<Dialect, CompiledDialect>();

/** Compiles a dialect's schema with ajv once; later calls reuse it. */
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
