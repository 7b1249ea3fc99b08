import { SchemaEnv } from 'ajv/dist/compile/index.js';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { createCapabilityAjv } from './create-capability-ajv.js';
import type { Dialect } from './dialect.js';
import { generateCapabilitySchema } from './generate-capability-schema.js';

// ajv's standalone generator is CommonJS; under NodeNext its default import is the module object.
const standaloneCode = standaloneCodeModule as unknown as typeof standaloneCodeModule.default;

/** Where `generateDialectModule`'s output is committed, relative to this folder. */
export function dialectModulePath(dialect: Dialect): string {
  return `./generated/${dialect}-dialect.ts`;
}

export interface GenerateDialectModuleOptions {
  dialect: Dialect;
}

const URI_SCHEMA_ID = 'urn:naftiko:format-uri';

/**
 * Build time: the TypeScript module that `precompiled-dialect.ts` imports for a dialect. It is
 * ajv's standalone code for the dialect's schema (the same options checkSchema always used:
 * strict, fail-fast, one function per `$defs` entry), so validating needs neither ajv's compiler
 * nor the TypeBox model at run time, plus the schema as JSON text for the error explainer.
 * Deterministic; a test compares it with the committed files.
 */
export function generateDialectModule({ dialect }: GenerateDialectModuleOptions): string {
  const schema = generateCapabilitySchema({ dialect });
  const id = schema.$id as string;
  const definitionNames = Object.keys(schema.$defs as Record<string, unknown>);
  const ajv = createCapabilityAjv({ validateSchema: true, standalone: true });
  ajv.addSchema(schema);
  ajv.addSchema({ $id: URI_SCHEMA_ID, type: 'string', format: 'uri' });
  ajv.getSchema(id);
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
      const match = /^export const (\w+) = (\w+);$/.exec(line);
      if (match) exported.set(match[1]!, match[2]!);
      return match === null && line !== '"use strict";';
    });
  const code = withoutUnusedSchemas(lines).join('\n');

  const exportName = `${dialect}Dialect`;
  const definitions = definitionNames.map(
    (name, index) => `    ${JSON.stringify(name)}: ${exported.get(`definition${index}`)},`,
  );
  return [
    '// @ts-nocheck: ajv standalone code (plain JavaScript); the export at the end types it.',
    '// Generated from the capability model by src/schema/generate-dialect-module.ts: do not edit.',
    '// Regenerate with: UPDATE_SCHEMAS=1 npx vitest run packages/spec',
    "import { createRequire } from 'node:module';",
    "import type { PrecompiledDialect } from '../precompiled-dialect.js';",
    '',
    // ajv's ES module output still `require`s its CommonJS runtime helpers (ucs2length, formats).
    'const require = createRequire(import.meta.url);',
    code,
    '',
    `export const ${exportName}: PrecompiledDialect = {`,
    `  validate: ${exported.get('document')},`,
    `  isUri: ${exported.get('uri')},`,
    '  definitions: {',
    ...definitions,
    '  },',
    `  schemaJson: ${JSON.stringify(JSON.stringify(schema))},`,
    '};',
    '',
  ].join('\n');
}

/**
 * ajv declares every schema object next to its function (`const schema12 = {...}`), but the code
 * reads them only for `$data` and verbose errors, which we do not use: dropping them saves parsing
 * and allocating the whole schema again at load time.
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
