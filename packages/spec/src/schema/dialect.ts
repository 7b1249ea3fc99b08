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

/** File name of the committed schema of a dialect, inside the repository's `schemas/` folder. */
export function capabilitySchemaFileName(dialect: Dialect): string {
  return dialect === 'official' ? 'naftiko-1.0.0-alpha2.json' : 'naftiko-1.0.0-alpha2-compatible.json';
}
