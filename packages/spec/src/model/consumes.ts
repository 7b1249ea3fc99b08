import { Type } from '@sinclair/typebox';
import { CONSUMED_PARAMETER_LOCATIONS, HTTP_METHODS, PARAMETER_TYPES } from './case-variants.js';
import { PATTERNS } from './common.js';

export { HTTP_METHODS, PARAMETER_TYPES };

import { COMMUNITY_KEYWORDS, community, ikanosEnum, relaxed } from './dialect-markers.js';
import { maxBinarySize, outputMediaType, tags, tunnel } from './ikanos-fields.js';
import { ConsumesResilience, OperationResilience, RESILIENCE_KEY, resilienceProperty } from './resilience.js';
import {
  anyArray,
  anyCaseLiteral,
  anyObject,
  closedObject,
  stringEnum,
  stringMap,
} from './schema-helpers.js';

export const OUTPUT_RAW_FORMATS = [
  'json',
  'xml',
  'avro',
  'protobuf',
  'csv',
  'tsv',
  'psv',
  'yaml',
  'html',
  'markdown',
  'text',
] as const;
/** Consumed operations also accept `HEAD` in the compatible dialect. */
export const CONSUMED_HTTP_METHODS = [...HTTP_METHODS, 'HEAD'] as const;

export const consumesDefinitions = {
  ConsumesHttp: closedObject(
    {
      namespace: Type.Ref('IdentifierKebab', { description: 'Unique name that `call: namespace.op` uses.' }),
      type: Type.Literal('http'),
      description: Type.Optional(Type.String({ description: 'What this upstream API is.' })),
      baseUri: relaxed(
        Type.String({
          pattern: PATTERNS.baseUri.pattern,
          description: 'Root URL that resource paths are appended to.',
        }),
        // `{{VAR}}` from bound variables, substituted when the capability starts.
        { pattern: PATTERNS.baseUriTemplate.pattern },
      ),
      headers: Type.Optional(
        community(stringMap({ description: 'Static headers sent with every request (community dialect).' })),
      ),
      inputParameters: Type.Optional(
        Type.Array(Type.Ref('ConsumedInputParameter'), {
          description: 'Parameters sent with every request.',
        }),
      ),
      authentication: Type.Optional(Type.Ref('Authentication')),
      auth: Type.Optional(
        community(Type.Ref('Authentication', { description: '`authentication` (community dialect).' })),
      ),
      tunnel: tunnel(),
      resources: Type.Optional(
        relaxed(Type.Array(Type.Ref('ConsumedHttpResource'), { minItems: 1 }), { minItems: null }),
      ),
      [RESILIENCE_KEY]: resilienceProperty(ConsumesResilience),
    },
    { description: 'An upstream HTTP API and the operations the capability may call on it.' },
  ),
  ImportedConsumesHttp: closedObject(
    {
      location: Type.String({ description: 'Path or URI of the consumes-only file, relative to this file.' }),
      import: Type.Ref('IdentifierKebab', { description: 'Namespace to import from that file.' }),
      as: Type.Optional(Type.Ref('IdentifierKebab', { description: 'Local namespace to use instead.' })),
      description: Type.Optional(Type.String()),
    },
    { description: 'A consumed API defined in another file.' },
  ),
  ConsumedHttpResource: closedObject(
    {
      // A label only: the compatible dialect takes any non-empty text (`list_users`, `v1.users`).
      name: relaxed(Type.Ref('IdentifierKebab'), { $ref: null, type: 'string', minLength: 1 }),
      label: Type.Optional(Type.String()),
      description: Type.Optional(Type.String()),
      tags: tags(),
      path: Type.String({
        description: 'Path below `baseUri`; `{{name}}` placeholders are filled from parameters.',
      }),
      inputParameters: Type.Optional(Type.Array(Type.Ref('ConsumedInputParameter'))),
      operations: relaxed(Type.Array(Type.Ref('ConsumedHttpOperation'), { minItems: 1 }), {
        minItems: null,
      }),
    },
    { description: 'A path of the upstream API.' },
  ),
  ConsumedHttpOperation: closedObject(
    {
      name: Type.Ref('IdentifierKebab', { description: 'Operation name, called as `namespace.name`.' }),
      id: Type.Optional(
        community(Type.Ref('IdentifierKebab', { description: '`name` (community dialect).' })),
      ),
      label: Type.Optional(Type.String()),
      description: Type.Optional(Type.String()),
      tags: tags(),
      path: Type.Optional(
        community(Type.String({ description: 'Path below the resource path (community dialect).' })),
      ),
      method: stringEnum(CONSUMED_HTTP_METHODS, { default: 'GET', communityValues: ['HEAD'], anyCase: true }),
      inputParameters: Type.Optional(Type.Array(Type.Ref('ConsumedInputParameter'))),
      outputRawFormat: Type.Optional(
        ikanosEnum(
          stringEnum(OUTPUT_RAW_FORMATS, {
            anyCase: true,
            default: 'json',
            communityValues: ['text'],
            description: 'How to read the response body before output mapping.',
          }),
          '1.0.0-beta1',
          ['binary'],
        ),
      ),
      outputMediaType: outputMediaType(),
      maxBinarySize: maxBinarySize(),
      outputSchema: Type.Optional(Type.String()),
      outputParameters: Type.Optional(Type.Array(Type.Ref('ConsumedOutputParameter'))),
      body: Type.Optional(Type.Ref('RequestBody')),
      [RESILIENCE_KEY]: resilienceProperty(OperationResilience),
    },
    {
      description: 'One HTTP method on a resource.',
      [COMMUNITY_KEYWORDS]: {
        required: ['method'],
        anyOf: [{ required: ['name'] }, { required: ['id'] }],
      },
    },
  ),
  ConsumedInputParameter: closedObject(
    {
      // The wire name: the compatible dialect takes `$filter`, `page[size]`, `tweet.fields`.
      name: relaxed(Type.Ref('IdentifierExtended'), {
        $ref: null,
        type: 'string',
        pattern: PATTERNS.wireName.pattern,
      }),
      in: stringEnum(CONSUMED_PARAMETER_LOCATIONS, {
        anyCase: true,
        description: 'Where the value goes in the request.',
      }),
      value: Type.Optional(
        Type.String({ description: 'Fixed value or template; otherwise an argument supplies it.' }),
      ),
      type: Type.Optional(community(stringEnum(PARAMETER_TYPES))),
      required: Type.Optional(community(Type.Boolean())),
      description: Type.Optional(community(Type.String())),
    },
    { description: 'A parameter of an upstream request.' },
  ),
  RequestBody: Type.Union(
    [
      Type.Ref('RequestBodyJson'),
      Type.Ref('RequestBodyText'),
      Type.Ref('RequestBodyFormUrlEncoded'),
      Type.Ref('RequestBodyMultipartForm'),
      Type.String({ description: 'Raw body text, sent as is after template rendering.' }),
    ],
    { description: 'The request body of an upstream call.' },
  ),
  RequestBodyJson: closedObject(
    {
      type: anyCaseLiteral('json'),
      data: Type.Union([Type.String(), anyObject(), anyArray()], {
        description: 'JSON value or template text.',
      }),
    },
    { description: 'A JSON body; string values may hold templates.' },
  ),
  RequestBodyText: closedObject(
    { type: stringEnum(['text', 'xml', 'sparql'] as const, { anyCase: true }), data: Type.String() },
    { description: 'A text body (plain text, XML or a SPARQL query).' },
  ),
  RequestBodyFormUrlEncoded: closedObject(
    {
      type: anyCaseLiteral('formUrlEncoded', ['form', 'form-urlencoded', 'urlencoded']),
      data: Type.Union([Type.String(), stringMap()]),
    },
    { description: 'An `application/x-www-form-urlencoded` body, as fields or as encoded text.' },
  ),
  RequestBodyMultipartForm: closedObject(
    {
      type: anyCaseLiteral('multipartForm', ['multipart', 'multipart-form', 'form-data']),
      // The compatible dialect also takes `{field: value}`, one text part per field.
      data: relaxed(Type.Array(Type.Ref('RequestBodyMultipartFormPart')), {
        type: null,
        items: null,
        anyOf: [
          { type: 'array', items: { $ref: 'RequestBodyMultipartFormPart' } },
          { type: 'object', additionalProperties: { type: 'string' } },
        ],
      }),
    },
    { description: 'A `multipart/form-data` body.' },
  ),
  RequestBodyMultipartFormPart: closedObject(
    {
      name: Type.String(),
      value: Type.String(),
      filename: Type.Optional(Type.String({ description: 'Sends the part as a file with this name.' })),
      contentType: Type.Optional(Type.String()),
    },
    { description: 'One part of a multipart body.' },
  ),
};
