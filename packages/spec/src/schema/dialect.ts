// The dialect names and ids, in a leaf module: the build-time generators and the run-time
// validators both need them, and neither may pull the other in.

export type Dialect = 'compatible' | 'official';

export const DIALECTS: readonly Dialect[] = ['compatible', 'official'];

export type JsonSchema = { [keyword: string]: unknown };

const SCHEMA_BASE = 'https://naftiko.dev/schemas/1.0.0-alpha2';

/** The `$id` of the published schema of a dialect. */
export function capabilitySchemaId(dialect: Dialect): string {
  return dialect === 'official'
    ? `${SCHEMA_BASE}/capability.json`
    : `${SCHEMA_BASE}/capability-compatible.json`;
}

/** File name of the published schema of a dialect, in the package's `generated/` folder. */
export function capabilitySchemaFileName(dialect: Dialect): string {
  return dialect === 'official' ? 'naftiko-1.0.0-alpha2.json' : 'naftiko-1.0.0-alpha2-compatible.json';
}

/** File name of a dialect's precompiled validators (CommonJS), in the package's `generated/` folder. */
export function validatorsFileName(dialect: Dialect): string {
  return `${dialect}-validators.cjs`;
}
