import {
  IKANOS_VERSION_NAMES,
  type IkanosVersionName,
  ikanosSchemaShape,
} from '../src/ikanos/ikanos-versions.js';
import {
  capabilitySchemaFileName,
  ikanosSchemaFileName,
  type JsonSchema,
  validatorsFileName,
} from '../src/schema/dialect.js';
import { generateCapabilitySchema } from './generate-capability-schema.js';
import { generateDialectValidators } from './generate-dialect-validators.js';
import { generateIkanosSchema } from './generate-ikanos-schema.js';

/** One schema `pnpm generate` writes, with the precompiled validators run-time validation loads. */
export interface GeneratedSchema {
  /** File name in `generated/`: the published JSON Schema, pretty-printed. */
  schemaFile: string;
  /**
   * File name in `generated/`: ajv's standalone validators of that schema (CommonJS); none for a
   * schema that is only published (one ikanos version: validation runs its shape's).
   */
  validatorsFile?: string;
  schema: () => JsonSchema;
}

/**
 * Every schema the package publishes, each once. Adding a schema is one line here; the committed
 * files are then written by `pnpm generate` and kept in sync by committed-schemas.test.ts.
 */
export const GENERATED_SCHEMAS: readonly GeneratedSchema[] = [
  dialectSchema('compatible'),
  dialectSchema('official'),
  ...IKANOS_VERSION_NAMES.map(ikanosVersionSchema),
  ...[...new Set(IKANOS_VERSION_NAMES.map(ikanosSchemaShape))].map(ikanosShapeSchema),
];

/** The published schema of one ikanos version. */
function ikanosVersionSchema(version: IkanosVersionName): GeneratedSchema {
  return {
    schemaFile: ikanosSchemaFileName(version),
    schema: () => generateIkanosSchema({ versions: [version] }),
  };
}

/** What validation runs for the versions whose schemas differ only in `ikanos:` (one shape). */
function ikanosShapeSchema(shape: IkanosVersionName): GeneratedSchema {
  const dialect = `ikanos-${shape}` as const;
  return {
    schemaFile: capabilitySchemaFileName(dialect),
    validatorsFile: validatorsFileName(dialect),
    schema: () =>
      generateIkanosSchema({
        versions: IKANOS_VERSION_NAMES.filter((version) => ikanosSchemaShape(version) === shape),
      }),
  };
}

function dialectSchema(dialect: 'compatible' | 'official'): GeneratedSchema {
  return {
    schemaFile: capabilitySchemaFileName(dialect),
    validatorsFile: validatorsFileName(dialect),
    schema: () => generateCapabilitySchema({ dialect }),
  };
}

/** A file of the package (path relative to packages/spec) and how to produce its content. */
export interface GeneratedFile {
  path: string;
  generate: () => string;
}

/** The generated files, in a stable order; each schema is generated once for both of its files. */
export function generatedFiles(schemas: readonly GeneratedSchema[] = GENERATED_SCHEMAS): GeneratedFile[] {
  return schemas.flatMap(({ schemaFile, validatorsFile, schema }) => {
    let built: JsonSchema | undefined;
    const once = () => {
      built ??= schema();
      return built;
    };
    const files: GeneratedFile[] = [
      { path: `generated/${schemaFile}`, generate: () => `${JSON.stringify(once(), null, 2)}\n` },
    ];
    if (validatorsFile !== undefined) {
      files.push({
        path: `generated/${validatorsFile}`,
        generate: () => generateDialectValidators({ schema: once() }),
      });
    }
    return files;
  });
}
