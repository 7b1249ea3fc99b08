import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvModule from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

// Both are CommonJS: under NodeNext the default import is `module.exports`, whose `default`
// property is the class / plugin (the packages set it for this interop).
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

/**
 * Test helper: the official OASIS SARIF 2.1.0 JSON Schema (draft-04), as shipped by Microsoft's
 * SARIF SDK (@microsoft/jest-sarif), compiled with ajv.
 */
export function compileSarifSchema() {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as Record<string, unknown>;
  // The schema's language-tag pattern is not valid in unicode mode, so compile patterns without it.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}
