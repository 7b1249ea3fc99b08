import { Type } from '@sinclair/typebox';
import { actionOutputParameters } from './aggregates.js';
import { HTTP_METHODS } from './consumes.js';
import { community, extension, ikanosOnly, relaxed } from './dialect-markers.js';
import { maxBinarySize, tags } from './ikanos-fields.js';
import { ExposeResilience, RESILIENCE_KEY, resilienceProperty } from './resilience.js';
import { closedObject, stringEnum } from './schema-helpers.js';
import { ACTION_BRANCH_OUTPUTS } from './steps.js';

export const exposesDefinitions = {
  Exposes: Type.Union(
    [Type.Ref('ExposesRest'), Type.Ref('ExposesMcp'), Type.Ref('ExposesSkill'), Type.Ref('ExposesControl')],
    { description: 'A server the capability runs, chosen by `type`.' },
  ),
};

export const exposesRestDefinitions = {
  ExposesRest: closedObject(
    {
      type: Type.Literal('rest'),
      address: Type.Optional(Type.Ref('Address')),
      port: Type.Ref('Port'),
      namespace: Type.Ref('IdentifierKebab', { description: 'Unique name of this expose.' }),
      description: Type.Optional(
        community(Type.String({ description: 'What this API offers (community dialect).' })),
      ),
      authentication: Type.Optional(Type.Ref('Authentication')),
      maxBinarySize: maxBinarySize(),
      resources: Type.Optional(
        relaxed(Type.Array(Type.Ref('ExposedResource'), { minItems: 1 }), { minItems: null }),
      ),
      [RESILIENCE_KEY]: resilienceProperty(ExposeResilience),
    },
    { description: 'A REST API served over HTTP.' },
  ),
  ExposedResource: closedObject(
    {
      label: Type.Optional(Type.String()),
      description: Type.Optional(Type.String()),
      tags: tags(),
      path: Type.String({ description: 'URL path, with `{name}` placeholders for path parameters.' }),
      name: Type.Optional(Type.Ref('IdentifierKebab')),
      inputParameters: Type.Optional(Type.Array(Type.Ref('ExposedInputParameter'))),
      operations: Type.Optional(Type.Array(Type.Ref('ExposedOperation'))),
      forward: Type.Optional(Type.Ref('Forward')),
    },
    {
      anyOf: [{ required: ['operations'] }, { required: ['forward'] }],
      description: 'A path of the exposed API: its operations, or a pass-through to a consumed API.',
    },
  ),
  ExposedOperation: closedObject(
    {
      name: Type.Optional(Type.Ref('IdentifierKebab')),
      label: Type.Optional(Type.String()),
      description: Type.Optional(Type.String()),
      tags: tags(),
      path: Type.Optional(
        community(Type.String({ description: 'Path below the resource path (community dialect).' })),
      ),
      method: stringEnum(HTTP_METHODS, { default: 'GET', anyCase: true }),
      inputParameters: Type.Optional(Type.Array(Type.Ref('ExposedInputParameter'))),
      ref: Type.Optional(
        Type.Ref('Target', { description: 'An aggregate function, as `aggregate.function`.' }),
      ),
      call: Type.Optional(Type.Ref('Target')),
      with: Type.Optional(Type.Ref('With')),
      outputParameters: actionOutputParameters(),
      steps: Type.Optional(Type.Array(Type.Ref('OperationStep'), { minItems: 1 })),
      mappings: Type.Optional(Type.Array(Type.Ref('StepOutputMapping'))),
      scopes: Type.Optional(
        extension(
          Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
          'with `authentication: {type: oauth2}` on the expose, the scopes a token must grant (all of them) to call this operation; without them the answer is 403 `insufficient_scope` naming them.',
        ),
      ),
      responses: Type.Optional(
        ikanosOnly(
          '1.0.0-beta1',
          Type.Unsafe<Record<string, unknown>>({
            type: 'object',
            propertyNames: { pattern: '^[1-5][0-9X]{2}$' },
            additionalProperties: { type: 'object' },
            description: 'Declared responses by status, for binary content.',
          }),
        ),
      ),
      responseBinary: Type.Optional(
        ikanosOnly(
          '1.0.0-beta1',
          Type.Unsafe<Record<string, unknown>>({
            type: 'object',
            description: 'The binary response of the operation.',
          }),
        ),
      ),
    },
    {
      anyOf: [
        { properties: { outputParameters: ACTION_BRANCH_OUTPUTS.call } },
        {
          required: ['steps', 'name'],
          properties: { outputParameters: ACTION_BRANCH_OUTPUTS.steps },
        },
        { required: ['ref'] },
      ],
      description: 'One HTTP method on an exposed resource.',
    },
  ),
  Forward: closedObject(
    {
      targetNamespace: Type.Ref('IdentifierKebab', { description: 'The consumed API to forward to.' }),
      trustedHeaders: Type.Optional(
        Type.Array(Type.String(), { minItems: 1, description: 'Client headers passed upstream.' }),
      ),
    },
    { description: 'Forwards requests unchanged to a consumed API.' },
  ),
};
