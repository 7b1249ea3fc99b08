import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { capabilitySchemaFileName, DIALECTS } from './dialect.js';
import { generateCapabilitySchema } from './generate-capability-schema.js';
import { generateDialectValidators } from './generate-dialect-validators.js';
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
describe.each(DIALECTS)('generated files of the %s dialect', (dialect) => {
  const schema = generateCapabilitySchema({ dialect });

  test('schemas/ file matches the schema generated from the model', () => {
    const file = new URL(capabilitySchemaFileName(dialect), schemasDir);
    expectCommitted(file, `${JSON.stringify(schema, null, 2)}\n`);
  });

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
