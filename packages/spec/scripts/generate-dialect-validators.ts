import { SchemaEnv } from 'ajv/dist/compile/index.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { transformSync } from 'esbuild';
import { createCapabilityAjv } from '../src/schema/create-capability-ajv.js';
import type { JsonSchema } from '../src/schema/dialect.js';

// ajv's standalone generator is CommonJS; under NodeNext its default import is the module object.
const standaloneCode = standaloneCodeModule as unknown as typeof standaloneCodeModule.default;

export interface GenerateDialectValidatorsOptions {
  /** The schema (with its `$id` and `$defs`) the validators check. */
  schema: JsonSchema;
}

const URI_SCHEMA_ID = 'urn:naftiko:format-uri';

/**
 * Build time: the CommonJS module `precompiled-dialect.ts` requires for a schema, the first time
 * that dialect is validated. It is ajv's standalone code for the dialect's schema, with the options
 * checkSchema always used (strict, fail-fast, one function per `$defs` entry), so validating needs
 * neither ajv's compiler nor the TypeBox model at run time. CommonJS because `require` loads it
 * synchronously and only when needed. Deterministic; a test compares it with the committed file.
 */
export function generateDialectValidators({ schema }: GenerateDialectValidatorsOptions): string {
  const id = schema.$id as string;
  const definitionNames = Object.keys(schema.$defs as Record<string, unknown>);
  const ajv = createCapabilityAjv({ validateSchema: true, standalone: true });
  ajv.addSchema(schema);
  ajv.addSchema({ $id: URI_SCHEMA_ID, type: 'string', format: 'uri' });
  ajv.getSchema(id); // compiles the document, and with it every definition it references
  // Export the definition functions the whole-document validator already calls: without this,
  // `getSchema('<id>#/$defs/X')` would compile (and emit) every definition a second time.
  const root = ajv.schemas[id];
  for (const name of definitionNames) {
    const ref = `${id}#/$defs/${name}`;
    const compiled = root?.refs[ref];
    if (compiled instanceof SchemaEnv) ajv.refs[ref] = compiled;
  }

  const refs: Record<string, string> = { document: id, uri: URI_SCHEMA_ID };
  for (const [index, name] of definitionNames.entries()) refs[`definition${index}`] = `${id}#/$defs/${name}`;
  const exported = new Map<string, string>();
  const lines = standaloneCode(ajv, refs)
    .split('\n')
    .filter((line) => {
      const match = /^exports\.(\w+) = (\w+);$/.exec(line);
      if (match) exported.set(match[1]!, match[2]!);
      return match === null;
    });
  const validator = (name: string): string => {
    const found = exported.get(name);
    if (found === undefined) throw new Error(`ajv standalone output has no export ${name}`);
    return found;
  };
  const code = [
    ...withoutUnusedSchemas(lines),
    '',
    '// The PrecompiledDialect of src/schema/precompiled-dialect.ts.',
    'module.exports = {',
    `  validate: ${validator('document')},`,
    `  isUri: ${validator('uri')},`,
    '  definitions: {',
    ...definitionNames.map(
      (name, index) => `    ${JSON.stringify(name)}: ${validator(`definition${index}`)},`,
    ),
    '  },',
    '};',
  ].join('\n');
  return [
    '// Generated from the capability model by scripts/generate-dialect-validators.ts: do not edit.',
    '// Regenerate with: pnpm generate',
    minify(code),
  ].join('\n');
}

/**
 * The first validation of a run loads this file: minified (ajv's long local names such as
 * `instancePath` and `_errs12` shortened, dead `break`s dropped) it is a third smaller and
 * loads faster cold. Names of error object fields are kept.
 */
function minify(code: string): string {
  return transformSync(code, { format: 'cjs', minify: true, target: 'node20', legalComments: 'none' }).code;
}

/**
 * ajv declares every schema object next to its function (`const schema12 = {...}`), though most are
 * read only for `$data` and verbose errors, which we do not use: dropping the unread ones saves
 * parsing and allocating most of the schema again at load time.
 */
function withoutUnusedSchemas(lines: string[]): string[] {
  const text = lines.join('\n');
  return lines.filter((line) => {
    const declared = /^const (schema\d+) = /.exec(line)?.[1];
    if (declared === undefined) return true;
    const uses = text.match(new RegExp(`\\b${declared}\\b`, 'g'))?.length ?? 0;
    return uses > 1;
  });
}
