import { type TSchema, Type } from '@sinclair/typebox';
import { COMMUNITY, COMMUNITY_KEYWORDS, relaxed } from './dialect-markers.js';
import { PATTERNS } from './patterns.js';
import { anyArray, anyObject, closedObject, stringEnum } from './schema-helpers.js';

const OUTPUT_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;
const SCALAR_TYPES = ['string', 'number', 'boolean'] as const;

/** Fields every mapped output parameter may carry, whatever its `type`. */
function mappedFields() {
  return {
    mapping: Type.Optional(
      Type.String({ description: 'JSONPath into the upstream response, such as `$.id`.' }),
    ),
    const: Type.Optional(
      Type.Union([Type.String(), Type.Number(), Type.Boolean(), anyArray(), anyObject()], {
        description: 'A constant value.',
      }),
    ),
    value: Type.Optional(Type.String({ description: 'A template rendered into the output.' })),
  };
}

/** Scalar mapped outputs take their value from exactly one of `mapping` or `value`. */
function mappedScalar<T extends TSchema>(type: T, description: string) {
  return closedObject(
    { type, ...mappedFields() },
    { oneOf: [{ required: ['mapping'] }, { required: ['value'] }], description },
  );
}

/**
 * An argument name; the compatible dialect also takes wire names such as `$filter` (the loader
 * renames the argument to an identifier and maps it back with `with`).
 */
function wireName() {
  return relaxed(Type.Ref('IdentifierExtended'), {
    $ref: null,
    type: 'string',
    pattern: PATTERNS.wireName.pattern,
  });
}

export const outputParameterDefinitions = {
  ConsumedOutputParameter: closedObject(
    {
      name: Type.Ref('IdentifierExtended'),
      type: stringEnum(OUTPUT_TYPES),
      value: Type.String({ description: 'JSONPath into the response body.' }),
    },
    { description: 'A named value extracted from an upstream response.' },
  ),
  MappedOutputParameter: Type.Union(
    [
      Type.Ref('MappedOutputParameterString'),
      Type.Ref('MappedOutputParameterNumber'),
      Type.Ref('MappedOutputParameterBoolean'),
      Type.Ref('MappedOutputParameterObject'),
      Type.Ref('MappedOutputParameterArray'),
    ],
    { description: 'Shapes the result of a single call from the upstream response.' },
  ),
  MappedOutputParameterString: mappedScalar(
    Type.Literal('string'),
    'A string taken from the response (`mapping`) or rendered (`value`).',
  ),
  MappedOutputParameterNumber: mappedScalar(
    relaxed(Type.Literal('number'), { const: null, enum: ['number', 'integer'] }),
    'A number taken from the response (`mapping`) or rendered (`value`).',
  ),
  MappedOutputParameterBoolean: mappedScalar(
    Type.Literal('boolean'),
    'A boolean taken from the response (`mapping`) or rendered (`value`).',
  ),
  MappedOutputParameterObject: closedObject(
    {
      type: Type.Literal('object'),
      ...mappedFields(),
      properties: Type.Optional(
        Type.Record(Type.String(), Type.Ref('MappedOutputParameter'), { description: 'Fields by name.' }),
      ),
    },
    {
      // Official: `properties` is required. Community files use `mapping` alone to pass a whole
      // JSONPath result through.
      anyOf: [{ required: ['properties'] }, { required: ['mapping'], [COMMUNITY]: true }],
      description: 'An object built field by field.',
    },
  ),
  MappedOutputParameterArray: closedObject(
    {
      type: Type.Literal('array'),
      ...mappedFields(),
      items: Type.Ref('MappedOutputParameter', { description: 'Shape of each element.' }),
    },
    {
      description: 'A list; `mapping` selects the elements, `items` shapes each one.',
      // Community files pass a whole JSONPath list through with `mapping` alone.
      [COMMUNITY_KEYWORDS]: {
        required: ['type'],
        anyOf: [{ required: ['items'] }, { required: ['mapping'] }],
      },
    },
  ),
  OrchestratedOutputParameter: Type.Union(
    [
      Type.Ref('OrchestratedOutputParameterScalar'),
      Type.Ref('OrchestratedOutputParameterArray'),
      Type.Ref('OrchestratedOutputParameterObject'),
    ],
    { description: 'Declares the result of a multi-step orchestration; values come from `mappings`.' },
  ),
  OrchestratedOutputParameterScalar: closedObject(
    { name: Type.Ref('IdentifierExtended'), type: stringEnum(SCALAR_TYPES) },
    { description: 'A scalar result field.' },
  ),
  OrchestratedOutputParameterArray: closedObject(
    {
      name: Type.Ref('IdentifierExtended'),
      type: Type.Literal('array'),
      items: Type.Array(Type.Ref('OrchestratedOutputParameter'), { minItems: 1 }),
    },
    { description: 'A list result field.' },
  ),
  OrchestratedOutputParameterObject: closedObject(
    {
      name: Type.Ref('IdentifierExtended'),
      type: Type.Literal('object'),
      properties: Type.Record(Type.String(), Type.Ref('OrchestratedOutputParameter')),
    },
    { description: 'An object result field.' },
  ),
  MockOutputParameter: closedObject(
    {
      name: Type.Ref('IdentifierExtended'),
      type: stringEnum(SCALAR_TYPES),
      value: Type.String({ description: 'The fixed value to return; templates allowed.' }),
    },
    { description: 'A fixed output returned without calling any upstream.' },
  ),
};

export const inputParameterDefinitions = {
  ExposedInputParameter: closedObject(
    {
      name: wireName(),
      in: stringEnum(['query', 'header', 'path', 'cookie', 'body'] as const, { anyCase: true }),
      type: stringEnum(['string', 'number', 'integer', 'boolean', 'array', 'object'] as const, {
        anyCase: true,
      }),
      description: Type.String(),
      pattern: Type.Optional(Type.String({ description: 'Regular expression the value must match.' })),
      value: Type.Optional(Type.String()),
    },
    {
      description: 'A parameter clients send to a REST operation.',
      [COMMUNITY_KEYWORDS]: { required: ['name', 'in', 'type'] },
    },
  ),
  McpToolInputParameter: closedObject(
    {
      name: wireName(),
      type: stringEnum(['string', 'number', 'integer', 'boolean', 'array', 'object'] as const, {
        anyCase: true,
      }),
      description: Type.String({ description: 'Tells the model what to pass.' }),
      required: Type.Optional(Type.Boolean({ default: true })),
    },
    {
      description: 'An argument of an MCP tool or aggregate function.',
      [COMMUNITY_KEYWORDS]: { required: ['name', 'type'] },
    },
  ),
};
