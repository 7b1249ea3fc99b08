import {
  IMPORT_SECTIONS,
  SHAPE_CHILDREN,
  SHAPE_RENAMES,
  type ShapeChild,
  type ShapeNode,
} from '../src/ikanos/ikanos-shape.js';
import type { IkanosVersionName } from '../src/ikanos/ikanos-versions.js';
import { type JsonSchema, SCHEMA_BASE_URL } from '../src/schema/dialect.js';
import { generateModelDefinitions } from './generate-capability-schema.js';

// Build time only, like generate-capability-schema.ts: the ikanos schemas are the alpha2 model
// (with the fields each ikanos version adds) reshaped by the table in ikanos-shape.ts.

type Schema = Record<string, unknown>;

export interface GenerateIkanosSchemaOptions {
  /** The versions the schema accepts in `ikanos:` (one for a published schema). */
  versions: readonly IkanosVersionName[];
}

/** The JSON Schema (draft 2020-12) of ikanos capability files of `versions` (same shape). */
export function generateIkanosSchema({ versions }: GenerateIkanosSchemaOptions): JsonSchema {
  const newest = versions[versions.length - 1]!;
  const defs = generateModelDefinitions({ dialect: 'official', ikanos: newest }) as Record<string, Schema>;
  const members = (node: ShapeNode | string): string[] => {
    const def = defs[definitionOf(node)];
    const union = (def?.anyOf ?? def?.oneOf) as Schema[] | undefined;
    if (def && !def.type && Array.isArray(union) && union.every((branch) => typeof branch.$ref === 'string'))
      return union.map((branch) => refName(branch.$ref as string));
    return [definitionOf(node)];
  };

  // Items of a keyed list lose `name`: the map key is the name.
  const keyedDefinitions = new Set<string>([
    'MockOutputParameter',
    ...members('OrchestratedOutputParameter'),
  ]);
  for (const children of Object.values(SHAPE_CHILDREN))
    for (const child of Object.values(children ?? {}))
      if (child.kind === 'keyed') for (const name of members(child.node)) keyedDefinitions.add(name);
  const keySchemas = new Map<string, unknown>();
  for (const name of keyedDefinitions) {
    const def = defs[name];
    if (!def) continue;
    const properties = def.properties as Schema | undefined;
    if (properties?.name !== undefined) keySchemas.set(name, stripDescription(properties.name));
    if (properties) delete properties.name;
    forEachBranch(def, (branch) => dropRequired(branch, 'name'));
  }
  const keyFor = (items: unknown): unknown => {
    const ref = isRecord(items) && typeof items.$ref === 'string' ? refName(items.$ref) : undefined;
    if (ref === undefined) return undefined;
    return members(ref)
      .map((name) => keySchemas.get(name))
      .find((key) => key !== undefined);
  };
  const isKeyedItems = (items: unknown): boolean =>
    isRecord(items) &&
    typeof items.$ref === 'string' &&
    members(refName(items.$ref)).some((name) => keyedDefinitions.has(name));

  for (const [node, children] of Object.entries(SHAPE_CHILDREN) as Array<
    [ShapeNode, Record<string, ShapeChild>]
  >) {
    for (const name of members(node)) {
      const def = defs[name];
      if (!def) continue;
      for (const [property, child] of Object.entries(children)) {
        if (child.kind === 'list') continue;
        if (child.kind === 'one' && child.node !== 'OutputParameters') continue;
        forEachBranch(def, (branch) => {
          const properties = branch.properties as Schema | undefined;
          const schema = properties?.[property];
          if (!isRecord(schema) || schema.type !== 'array') return;
          if (schema.items === undefined) {
            // The property itself, before a branch says which kind: a list or a map.
            delete schema.type;
            return;
          }
          if (!isKeyedItems(schema.items)) return;
          properties![property] = toMap(schema, keyFor(schema.items));
        });
      }
    }
  }

  for (const [node, renames] of Object.entries(SHAPE_RENAMES)) {
    const def = defs[definitionOf(node as ShapeNode)];
    if (!def) continue;
    for (const [from, to] of Object.entries(renames ?? {}))
      forEachBranch(def, (branch) => renameProperty(branch, from, to));
  }

  withImports(defs, versions);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_BASE_URL}/ikanos-${versions.length === 1 ? newest : `${versions[0]}--${newest}`}/capability.json`,
    title: `Ikanos capability ${versions.join(', ')} (naftiko)`,
    description: `An ikanos capability document (\`ikanos: ${versions.join('` to `')}\`), as naftiko reads it: the reference engine's format after alpha2, written for naftiko from its model.`,
    $ref: '#/$defs/CapabilityDocument',
    $defs: sortDefinitions(defs),
  };
}

/** `import` + `from` (+ `as`) entries in every importable section, and the ikanos root. */
function withImports(defs: Record<string, Schema>, versions: readonly IkanosVersionName[]): void {
  delete defs.ImportedConsumesHttp;
  defs.ImportEntry = {
    description: 'An entry defined in another file: the section entry named `import` of the file `from`.',
    type: 'object',
    required: ['from', 'import'],
    properties: {
      from: { description: 'Path of the file, relative to this one.', type: 'string', minLength: 1 },
      import: { $ref: '#/$defs/IdentifierKebab', description: 'Namespace of the entry in that file.' },
      as: { $ref: '#/$defs/IdentifierKebab', description: 'Local namespace to use instead.' },
    },
    additionalProperties: false,
  };
  const itemsOf: Record<(typeof IMPORT_SECTIONS)[number], string> = {
    consumes: 'ConsumesHttp',
    exposes: 'Exposes',
    aggregates: 'Aggregate',
    binds: 'Binding',
  };
  const sections = (description: string): Schema =>
    Object.fromEntries(
      IMPORT_SECTIONS.map((section) => [
        section,
        {
          description: `${description} ${section} entries, each inline or imported.`,
          type: 'array',
          minItems: 1,
          items: { anyOf: [{ $ref: `#/$defs/${itemsOf[section]}` }, { $ref: '#/$defs/ImportEntry' }] },
        },
      ]),
    );
  const capability = defs.Capability!;
  capability.properties = { ...(capability.properties as Schema), ...sections('The capability’s') };
  const document = defs.CapabilityDocument!;
  const { naftiko: _version, ...rest } = document.properties as Schema;
  document.description = 'An ikanos capability document, or a standalone section file.';
  document.required = ['ikanos'];
  document.properties = {
    ikanos: {
      description: 'Version of the ikanos specification.',
      type: 'string',
      ...(versions.length === 1 ? { const: versions[0] } : { enum: [...versions] }),
    },
    info: rest.info,
    ...sections('A standalone file’s'),
    capability: rest.capability,
  };
  // A capability, or one section on its own (a file other capabilities import from).
  document.oneOf = [
    { required: ['capability'] },
    ...IMPORT_SECTIONS.map((section) => ({ required: [section], not: { required: ['capability'] } })),
  ];
}

function toMap(array: Schema, key: unknown): Schema {
  const { type: _type, items, minItems, description, ...rest } = array;
  return {
    ...(description !== undefined ? { description } : {}),
    type: 'object',
    ...rest,
    ...(minItems !== undefined ? { minProperties: minItems } : {}),
    ...(key !== undefined ? { propertyNames: key } : {}),
    additionalProperties: items,
  };
}

/** Calls `visit` on the definition and each `anyOf`/`oneOf` branch that is an object schema. */
function forEachBranch(def: Schema, visit: (branch: Schema) => void): void {
  visit(def);
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = def[keyword];
    if (Array.isArray(branches)) for (const branch of branches) if (isRecord(branch)) visit(branch);
  }
}

function dropRequired(schema: Schema, name: string): void {
  if (!Array.isArray(schema.required)) return;
  schema.required = schema.required.filter((item) => item !== name);
  if ((schema.required as unknown[]).length === 0) delete schema.required;
}

function renameProperty(schema: Schema, from: string, to: string): void {
  const properties = schema.properties;
  if (isRecord(properties) && from in properties) {
    // Keeps the property's place, so the schema reads in the same order.
    schema.properties = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key === from ? to : key, value]),
    );
  }
  if (Array.isArray(schema.required))
    schema.required = schema.required.map((item) => (item === from ? to : item));
}

function stripDescription(schema: unknown): unknown {
  if (!isRecord(schema)) return schema;
  const { description: _description, ...rest } = schema;
  return rest;
}

function sortDefinitions(defs: Record<string, Schema>): Record<string, Schema> {
  const { CapabilityDocument, ...rest } = defs;
  return { ...(CapabilityDocument ? { CapabilityDocument } : {}), ...rest };
}

function definitionOf(node: ShapeNode | string): string {
  return node === 'Document' ? 'CapabilityDocument' : node;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
