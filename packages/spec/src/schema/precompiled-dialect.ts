import type { ErrorObject } from 'ajv';
import type { Dialect, JsonSchema } from './dialect.js';
import { compatibleDialect } from './generated/compatible-dialect.js';
import { officialDialect } from './generated/official-dialect.js';

/** A validator ajv generated at build time: `true` when the value matches, else `errors` says why. */
export interface PrecompiledValidator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * What validation needs of a dialect at run time, generated at build time by
 * `generate-dialect-module.ts` into `generated/<dialect>.ts`: ajv's standalone code, so neither ajv
 * nor the model is loaded to validate, plus the schema text for explaining errors.
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

const parsed = new Map<Dialect, JsonSchema>();

export function precompiledDialect(dialect: Dialect): PrecompiledDialect {
  return dialect === 'official' ? officialDialect : compatibleDialect;
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
