import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { IKANOS_VERSION_NAMES, ikanosSchemaShape } from '../../packages/spec/src/ikanos/ikanos-versions.js';
import { checkSchema } from '../../packages/spec/src/schema/check-schema.js';
import { createCapabilityAjv } from '../../packages/spec/src/schema/create-capability-ajv.js';
import { ikanosCorpusDir, ikanosReferenceDir } from './reference-paths.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

// The reference engine's own schemas are read from ../shared/reference/ikanos-beta5, never copied:
// ours (generated from our model, packages/spec/generated/ikanos-<version>.json) must give the same verdict on its
// tutorial and example files.
describe('our ikanos beta5 schema agrees with the reference engine schema', () => {
  test('every file of the ikanos corpus gets the same verdict', () => {
    const reference = createCapabilityAjv({ strict: false }).compile(
      JSON.parse(readFileSync(`${ikanosReferenceDir}ikanos-schema-1.0.0-beta5.json`, 'utf8')),
    );
    const files = yamlFiles(ikanosCorpusDir);
    expect(files.length).toBeGreaterThanOrEqual(15);
    let accepted = 0;
    for (const file of files) {
      const doc = parse(readFileSync(file, 'utf8'));
      const expected = reference(doc) === true;
      if (expected) accepted++;
      expect(checkSchema(doc, 'ikanos-1.0.0-beta4').length === 0, file).toBe(expected);
    }
    expect(accepted).toBeGreaterThanOrEqual(15);
  });

  // The older tags' schemas, on the same files declared as that version: binary content (beta1)
  // and `ttlMs` (beta4) must be refused before their tag, as the reference engine's schemas do.
  test.each(IKANOS_VERSION_NAMES.filter((version) => version !== '1.0.0-beta5'))(
    "ikanos %s: the same verdict as that tag's reference schema",
    (version) => {
      const reference = createCapabilityAjv({ strict: false }).compile(
        JSON.parse(readFileSync(`${ikanosReferenceDir}older-schemas/schema-${version}.json`, 'utf8')),
      );
      for (const file of yamlFiles(ikanosCorpusDir)) {
        const text = readFileSync(file, 'utf8').replace(/^ikanos: .*$/m, `ikanos: "${version}"`);
        const doc = parse(text);
        const ours = checkSchema(doc, `ikanos-${ikanosSchemaShape(version)}`).length === 0;
        expect(ours, file).toBe(reference(doc) === true);
      }
    },
  );
});
