import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { capabilitySchemaFileName, createCapabilitySchema, DIALECTS } from './create-capability-schema.js';

const schemasDir = new URL('../../../../schemas/', import.meta.url);

// The files in `schemas/` are generated from the model; this keeps them from drifting.
// Regenerate with: UPDATE_SCHEMAS=1 npx vitest run packages/spec
describe.each(DIALECTS)('schemas/ file of the %s dialect', (dialect) => {
  test('matches the schema generated from the model', () => {
    const file = new URL(capabilitySchemaFileName(dialect), schemasDir);
    const generated = `${JSON.stringify(createCapabilitySchema({ dialect }), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(file, generated);
    const committed = readFileSync(file, 'utf8');
    expect(committed, 'schemas/ is stale: run UPDATE_SCHEMAS=1 npx vitest run packages/spec').toBe(generated);
  });
});
