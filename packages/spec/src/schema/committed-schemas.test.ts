import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { generateIkanosSchema } from '../ikanos/generate-ikanos-schema.js';
import { IKANOS_VERSION_NAMES, ikanosSchemaShape } from '../ikanos/ikanos-versions.js';
import type { SchemaDialect } from './dialect.js';
import { capabilitySchemaFileName, DIALECTS } from './dialect.js';
import { generateCapabilitySchema } from './generate-capability-schema.js';
import { generateDialectSchema, generateDialectValidators } from './generate-dialect-validators.js';
import { GENERATED_DIR, generatedFileName } from './precompiled-dialect.js';

const schemasDir = new URL('../../../../schemas/', import.meta.url);
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Rewrites `file` under UPDATE_SCHEMAS=1, then expects it to hold exactly `generated`. */
function expectCommitted(file: URL, generated: string): void {
  if (process.env.UPDATE_SCHEMAS === '1') {
    mkdirSync(new URL('.', file), { recursive: true });
    writeFileSync(file, generated);
  }
  const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const name = fileURLToPath(file).slice(repoRoot.length);
  expect(committed, `${name} is stale: run UPDATE_SCHEMAS=1 npx vitest run packages/spec`).toBe(generated);
}

// Build-time outputs of the model, committed: the published schemas in `schemas/`, and what
// validation loads at run time from packages/spec/generated/ (the schema as compact JSON and
// ajv's precompiled validators). This keeps them from drifting.
// Regenerate with: UPDATE_SCHEMAS=1 npx vitest run packages/spec
describe.each(DIALECTS)('published schema of the %s dialect', (dialect) => {
  test('schemas/ file matches the schema generated from the model', () => {
    const file = new URL(capabilitySchemaFileName(dialect), schemasDir);
    expectCommitted(file, `${JSON.stringify(generateCapabilitySchema({ dialect }), null, 2)}\n`);
  });
});

// One published schema per ikanos version; validation runs one per shape (versions whose
// schemas differ only in the `ikanos:` value share it).
describe.each(IKANOS_VERSION_NAMES)('published schema of ikanos %s', (version) => {
  test('schemas/ file matches the schema generated from the model and the ikanos table', () => {
    const file = new URL(`ikanos-${version}.json`, schemasDir);
    expectCommitted(file, `${JSON.stringify(generateIkanosSchema({ versions: [version] }), null, 2)}\n`);
  });
});

const SCHEMA_DIALECTS: SchemaDialect[] = [
  ...DIALECTS,
  ...new Set(IKANOS_VERSION_NAMES.map((version) => `ikanos-${ikanosSchemaShape(version)}` as const)),
];

describe.each(SCHEMA_DIALECTS)('run-time files of the %s schema', (dialect) => {
  const schema = generateDialectSchema({ dialect });

  test('the run-time copy of the schema matches it too', () => {
    expectCommitted(
      new URL(generatedFileName(dialect, 'schema'), GENERATED_DIR),
      `${JSON.stringify(schema)}\n`,
    );
  });

  test('the precompiled validators are ajv standalone code for that schema', () => {
    const file = new URL(generatedFileName(dialect, 'validators'), GENERATED_DIR);
    expectCommitted(file, generateDialectValidators({ dialect }));
  });
});
