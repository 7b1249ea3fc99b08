import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import type { Dialect, JsonSchema } from './dialect.js';

/** A validator ajv generated at build time: `true` when the value matches, else `errors` says why. */
export interface PrecompiledValidator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * What validation needs of a dialect at run time, generated at build time by
 * `generate-dialect-module.ts` into `generated/<dialect>-dialect.cjs`: ajv's standalone code, so
 * neither ajv's compiler nor the model is loaded to validate, plus the schema text for explaining
 * errors.
 */
export interface PrecompiledDialect {
  /** The whole schema, fail-fast (ajv `allErrors: false`). */
  validate: PrecompiledValidator;
  /** Each `$defs` entry by name, for the explainer to skip valid subtrees. */
  definitions: Readonly<Record<string, PrecompiledValidator>>;
  /** ajv's `{type: 'string', format: 'uri'}`, for the explainer's `uri` messages. */
  isUri: PrecompiledValidator;
  /** The JSON Schema the validators were generated from, parsed only when an error needs explaining. */
  schemaJson: string;
}

// `require` (not `import`) so that a run loads only the dialects it validates, on first use.
const require = createRequire(import.meta.url);
const loaded = new Map<Dialect, PrecompiledDialect>();
const parsed = new Map<Dialect, JsonSchema>();

/** The precompiled validators of a dialect, loaded the first time they are needed. */
export function precompiledDialect(dialect: Dialect): PrecompiledDialect {
  let precompiled = loaded.get(dialect);
  if (!precompiled) {
    const file = dialect === 'official' ? 'official-dialect.cjs' : 'compatible-dialect.cjs';
    precompiled = require(`./generated/${file}`) as PrecompiledDialect;
    loaded.set(dialect, precompiled);
  }
  return precompiled;
}

/** The JSON Schema (draft 2020-12) of a dialect, as published in `schemas/`. Do not mutate. */
export function capabilitySchema(dialect: Dialect): JsonSchema {
  let schema = parsed.get(dialect);
  if (!schema) {
    schema = JSON.parse(precompiledDialect(dialect).schemaJson) as JsonSchema;
    parsed.set(dialect, schema);
  }
  return schema;
}
