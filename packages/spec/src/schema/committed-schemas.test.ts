import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { capabilitySchemaFileName, DIALECTS } from './dialect.js';
import { generateCapabilitySchema } from './generate-capability-schema.js';
import { dialectModulePath, generateDialectModule } from './generate-dialect-module.js';

const schemasDir = new URL('../../../../schemas/', import.meta.url);
const STALE = 'stale: run UPDATE_SCHEMAS=1 npx vitest run packages/spec';

/** Rewrites `file` under UPDATE_SCHEMAS=1, then expects it to hold exactly `generated`. */
function expectCommitted(file: URL, generated: string, what: string): void {
  if (process.env.UPDATE_SCHEMAS === '1') {
    mkdirSync(new URL('.', file), { recursive: true });
    writeFileSync(file, generated);
  }
  const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
  expect(committed, `${what} is ${STALE}`).toBe(generated);
}

// The files in `schemas/` and the precompiled validators in `schema/generated/` are generated from
// the model (build-time work, committed); this keeps them from drifting.
// Regenerate with: UPDATE_SCHEMAS=1 npx vitest run packages/spec
describe.each(DIALECTS)('generated files of the %s dialect', (dialect) => {
  test('schemas/ file matches the schema generated from the model', () => {
    const generated = `${JSON.stringify(generateCapabilitySchema({ dialect }), null, 2)}\n`;
    expectCommitted(new URL(capabilitySchemaFileName(dialect), schemasDir), generated, 'schemas/');
  });

  test('the precompiled validator module matches ajv standalone code for that schema', () => {
    const file = new URL(dialectModulePath(dialect), import.meta.url);
    expectCommitted(file, generateDialectModule({ dialect }), `src/schema/${dialectModulePath(dialect)}`);
  });
});
