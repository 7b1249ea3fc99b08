import type { Dialect, JsonSchema } from './dialect.js';
import { readCapabilitySchema } from './precompiled-dialect.js';

export {
  capabilitySchemaFileName,
  capabilitySchemaId,
  DIALECTS,
  type Dialect,
  type JsonSchema,
} from './dialect.js';

export interface CreateCapabilitySchemaOptions {
  dialect: Dialect;
}

/**
 * The JSON Schema (draft 2020-12) of a dialect, as a fresh object the caller may change. It is
 * generated from the model at build time (`generate-capability-schema.ts`; a test keeps the
 * committed output in sync), so this reads and parses a file and never loads the model.
 */
export function createCapabilitySchema({ dialect }: CreateCapabilitySchemaOptions): JsonSchema {
  return readCapabilitySchema(dialect);
}
