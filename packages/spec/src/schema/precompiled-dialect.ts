import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import {
  capabilitySchemaFileName,
  type JsonSchema,
  type SchemaDialect,
  validatorsFileName,
} from './dialect.js';

/** A validator ajv generated at build time: `true` when the value matches, else `errors` says why. */
export interface PrecompiledValidator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * What validating a dialect needs at run time: ajv's standalone code for its schema, generated at
 * build time (`generate-dialect-validators.ts`), so neither ajv's compiler nor the model loads.
 */
export interface PrecompiledDialect {
  /** The whole schema, fail-fast (ajv `allErrors: false`). */
  validate: PrecompiledValidator;
  /** Each `$defs` entry by name, for the explainer to skip valid subtrees. */
  definitions: Readonly<Record<string, PrecompiledValidator>>;
  /** ajv's `{type: 'string', format: 'uri'}`, for the explainer's `uri` messages. */
  isUri: PrecompiledValidator;
}

// `require` (not `import`) so a run loads only the dialects it validates, when it first does.
const require = createRequire(import.meta.url);

// The committed build-time outputs live in the package's `generated/` folder, outside `src` so
// that tsc neither rewrites nor re-emits them. They are found through the package's own exports
// (a self-reference), not relative to this file, so they resolve the same from `src`, `dist` and
// the CLI's bundle, wherever this code ends up.
const GENERATED = '@naftiko/spec/generated/';

const loaded = new Map<SchemaDialect, PrecompiledDialect>();
const parsed = new Map<SchemaDialect, JsonSchema>();

/** The precompiled validators of a dialect, loaded the first time they are needed. */
export function precompiledDialect(dialect: SchemaDialect): PrecompiledDialect {
  let precompiled = loaded.get(dialect);
  if (!precompiled) {
    precompiled = require(`${GENERATED}${validatorsFileName(dialect)}`) as PrecompiledDialect;
    loaded.set(dialect, precompiled);
  }
  return precompiled;
}

/** A fresh copy of the JSON Schema of a dialect, read from the generated file. */
export function readCapabilitySchema(dialect: SchemaDialect): JsonSchema {
  const file = require.resolve(`${GENERATED}${capabilitySchemaFileName(dialect)}`);
  return JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
}

/**
 * The JSON Schema (draft 2020-12) of a dialect, as published in `generated/`. Do not mutate. Read
 * once, on first use: validation needs it only to explain an error.
 */
export function capabilitySchema(dialect: SchemaDialect): JsonSchema {
  let schema = parsed.get(dialect);
  if (!schema) {
    schema = readCapabilitySchema(dialect);
    parsed.set(dialect, schema);
  }
  return schema;
}
