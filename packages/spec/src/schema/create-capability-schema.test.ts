import { describe, expect, test } from 'vitest';
import { capabilitySchema, createCapabilityAjv } from './capability-schema.js';
import { capabilitySchemaId, createCapabilitySchema, DIALECTS } from './create-capability-schema.js';

type Node = Record<string, unknown>;

/** Calls `visit` on every schema node (not on `properties` maps or keyword values). */
function walk(node: unknown, visit: (schema: Node, path: string) => void, path = '#'): void {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  const schema = node as Node;
  visit(schema, path);
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'properties' || keyword === '$defs') {
      for (const [name, child] of Object.entries(value as Node))
        walk(child, visit, `${path}/${keyword}/${name}`);
    } else if (keyword === 'anyOf' || keyword === 'oneOf') {
      (value as unknown[]).forEach((child, index) => {
        walk(child, visit, `${path}/${keyword}/${index}`);
      });
    } else if (['items', 'additionalProperties', 'propertyNames', 'not'].includes(keyword)) {
      walk(value, visit, `${path}/${keyword}`);
    }
  }
}

// The explainer in explain-schema.ts interprets exactly these keywords; a new keyword in the
// model must be taught to it first.
const INTERPRETED = new Set([
  '$schema',
  '$id',
  '$defs',
  '$ref',
  'title',
  'description',
  'default',
  'type',
  'const',
  'enum',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'items',
  'required',
  'properties',
  'propertyNames',
  'additionalProperties',
  'anyOf',
  'oneOf',
  'not',
]);

describe.each(DIALECTS)('the generated %s schema', (dialect) => {
  const schema = createCapabilitySchema({ dialect });

  test('is draft 2020-12 with our own $id and a $defs root', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(capabilitySchemaId(dialect));
    expect(schema.$id).toMatch(/^https:\/\/naftiko\.dev\/schemas\/1\.0\.0-alpha2\//);
    expect(schema.$ref).toBe('#/$defs/CapabilityDocument');
  });

  test('uses only keywords the explainer interprets, and no model-only markers', () => {
    const used = new Set<string>();
    walk(schema, (node) => {
      for (const keyword of Object.keys(node)) used.add(keyword);
    });
    expect([...used].filter((keyword) => !INTERPRETED.has(keyword))).toEqual([]);
    // `x-naftiko-resilience` is a property (a documented extension), not a marker.
    expect(JSON.stringify(schema)).not.toMatch(/x-naftiko-(community|emit-as)/);
  });

  test('every $ref resolves and every definition is used', () => {
    const defs = schema.$defs as Node;
    const referenced = new Set<string>();
    walk(schema, (node, path) => {
      if (typeof node.$ref !== 'string') return;
      const name = node.$ref.replace('#/$defs/', '');
      expect(Object.hasOwn(defs, name), `${path} -> ${node.$ref}`).toBe(true);
      referenced.add(name);
    });
    expect(Object.keys(defs).filter((name) => !referenced.has(name))).toEqual([]);
  });

  test('is a valid draft 2020-12 schema that compiles in ajv strict mode', () => {
    const ajv = createCapabilityAjv({ validateSchema: true });
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  test('is generated once and shared', () => {
    expect(capabilitySchema(dialect)).toBe(capabilitySchema(dialect));
    expect(capabilitySchema(dialect)).toEqual(schema);
  });
});

test('the dialects differ exactly by the community constructs', () => {
  const official = createCapabilitySchema({ dialect: 'official' }).$defs as Record<string, Node>;
  const compatible = createCapabilitySchema({ dialect: 'compatible' }).$defs as Record<string, Node>;
  const differences: string[] = [];
  for (const [name, definition] of Object.entries(compatible)) {
    if (JSON.stringify(definition) !== JSON.stringify(official[name])) differences.push(name);
  }
  expect(differences.sort()).toEqual([
    'AuthApiKey', // in/name, header/token, headers, apiKey
    'AuthBasic', // letter case of type
    'AuthBearer', // value, placement
    'AuthDigest', // letter case of type
    'AuthOAuth2', // letter case of type
    'Capability', // binds: []
    'CapabilityDocument', // binds: []
    'ConsumedHttpOperation', // id, path, HEAD
    'ConsumedHttpResource', // any name, operations: []
    'ConsumedInputParameter', // wire names, type/required/description
    'ConsumesHttp', // headers, baseUri from variables, resources: []
    'ExposedInputParameter', // wire names, no description
    'ExposedOperation', // path
    'ExposesMcp', // no tools
    'ExposesRest', // description, resources: []
    'Info', // title
    'MappedOutputParameterArray', // mapping without items
    'MappedOutputParameterNumber', // integer
    'MappedOutputParameterObject', // mapping without properties
    'McpPromptArgument', // completion values
    'McpPromptMessage', // image or resource messages
    'McpTool', // no description, MCP tool names, content blocks
    'McpToolInputParameter', // wire names, no description
    'RequestBodyFormUrlEncoded', // form
    'RequestBodyJson', // letter case of type
    'RequestBodyMultipartForm', // multipart
    'RequestBodyText', // letter case of type
    'SkillTool', // no description
  ]);
  const propertiesOf = (defs: Record<string, Node>, name: string) =>
    Object.keys(defs[name]!.properties as Node);
  expect(
    propertiesOf(compatible, 'ConsumesHttp').filter(
      (key) => !propertiesOf(official, 'ConsumesHttp').includes(key),
    ),
  ).toEqual(['headers', 'auth', 'x-naftiko-resilience']);
  expect(
    propertiesOf(compatible, 'ConsumedInputParameter').filter(
      (key) => !propertiesOf(official, 'ConsumedInputParameter').includes(key),
    ),
  ).toEqual(['type', 'required', 'description']);
  expect(official.ConsumedInputParameter!.properties).toMatchObject({
    name: { $ref: '#/$defs/IdentifierExtended' },
  });
  expect(
    propertiesOf(compatible, 'ConsumedHttpOperation').filter(
      (key) => !propertiesOf(official, 'ConsumedHttpOperation').includes(key),
    ),
  ).toEqual(['id', 'path', 'x-naftiko-resilience']);
  expect(
    propertiesOf(compatible, 'AuthApiKey').filter(
      (key) => !propertiesOf(official, 'AuthApiKey').includes(key),
    ),
  ).toEqual(['in', 'name', 'header', 'token', 'headers']);
  expect(
    propertiesOf(compatible, 'ExposesRest').filter(
      (key) => !propertiesOf(official, 'ExposesRest').includes(key),
    ),
  ).toEqual(['description', 'x-naftiko-resilience']);
  expect(official.MappedOutputParameterObject!.required).toEqual(['type', 'properties']);
  expect(compatible.MappedOutputParameterObject!.anyOf).toEqual([
    { required: ['properties'] },
    { required: ['mapping'] },
  ]);
});
