import type { IkanosVersionName } from '../ikanos/ikanos-versions.js';

// The dialect names and ids, in a leaf module: the build-time generators and the run-time
// validators both need them, and neither may pull the other in.

export type Dialect = 'compatible' | 'official';

/**
 * A schema validation runs against: an alpha2 dialect, or the ikanos schema of the versions of one
 * shape (named after the oldest, see `ikanosSchemaShape`).
 */
export type SchemaDialect = Dialect | `ikanos-${IkanosVersionName}`;

export const DIALECTS: readonly Dialect[] = ['compatible', 'official'];

export type JsonSchema = { [keyword: string]: unknown };

export const SCHEMA_BASE_URL = 'https://naftiko.dev/schemas';
const SCHEMA_BASE = `${SCHEMA_BASE_URL}/1.0.0-alpha2`;

/** The `$id` of the published schema of a dialect. */
export function capabilitySchemaId(dialect: Dialect): string {
  return dialect === 'official'
    ? `${SCHEMA_BASE}/capability.json`
    : `${SCHEMA_BASE}/capability-compatible.json`;
}

/**
 * File name of the schema validation of a dialect runs against, in the package's `generated/`
 * folder: the published alpha2 schema, or the schema of one ikanos shape (its `ikanos:` lists
 * every version of the shape; each version is also published alone as `ikanosSchemaFileName`).
 */
export function capabilitySchemaFileName(dialect: SchemaDialect): string {
  if (dialect === 'official') return 'naftiko-1.0.0-alpha2.json';
  if (dialect === 'compatible') return 'naftiko-1.0.0-alpha2-compatible.json';
  return `${dialect}-shape.json`;
}

/** File name of the published schema of one ikanos version, in the package's `generated/` folder. */
export function ikanosSchemaFileName(version: IkanosVersionName): string {
  return `ikanos-${version}.json`;
}

/** File name of a dialect's precompiled validators (CommonJS), in the package's `generated/` folder. */
export function validatorsFileName(dialect: SchemaDialect): string {
  return `${dialect}-validators.cjs`;
}
