import { Type } from '@sinclair/typebox';
import { PATTERNS } from './common.js';
import { COMMUNITY_KEYWORDS, community, ikanosOnly, relaxed } from './dialect-markers.js';
import { closedObject, ref } from './schema-helpers.js';

export const infoBindsDefinitions = {
  Info: closedObject(
    {
      label: Type.String({ description: 'Human-readable name of the capability.' }),
      title: Type.Optional(community(Type.String({ description: '`label` (community dialect).' }))),
      description: Type.String({ description: 'What the capability does and for whom.' }),
      tags: Type.Optional(Type.Array(Type.String(), { description: 'Free-form keywords.' })),
      created: Type.Optional(Type.String({ pattern: PATTERNS.date.pattern, description: 'Creation date.' })),
      modified: Type.Optional(
        Type.String({ pattern: PATTERNS.date.pattern, description: 'Date of the last change.' }),
      ),
      stakeholders: Type.Optional(Type.Array(Type.Ref('Person'), { description: 'People behind it.' })),
      version: Type.Optional(
        ikanosOnly('1.0.0-beta4', Type.String({ description: 'Version of the capability itself.' })),
      ),
    },
    {
      description: 'Descriptive metadata; not used at runtime.',
      [COMMUNITY_KEYWORDS]: {
        // Metadata only: other keys (`personas`, `version`) change nothing at run time.
        additionalProperties: true,
        required: ['description'],
        anyOf: [{ required: ['label'] }, { required: ['title'] }],
      },
    },
  ),
  Person: closedObject(
    {
      role: Type.String({ description: 'Role, such as `owner` or `maintainer`.' }),
      fullName: Type.String({ description: 'Name of the person.' }),
      email: Type.Optional(Type.String({ pattern: PATTERNS.email.pattern, description: 'Contact address.' })),
    },
    { description: 'A person involved with the capability.' },
  ),
  Binding: closedObject(
    {
      namespace: Type.Ref('IdentifierKebab', { description: 'Name templates use to reach these values.' }),
      description: Type.Optional(Type.String({ description: 'What the values are for.' })),
      location: Type.Optional(
        Type.String({
          pattern: PATTERNS.uriLocation.pattern,
          description:
            'Where the values come from, such as a `file:///` env file; the process environment when absent.',
        }),
      ),
      keys: Type.Ref('BindingKeys'),
    },
    { description: 'Named variables (secrets, settings) resolved when the capability starts.' },
  ),
  BindingKeys: Type.Unsafe<Record<string, string>>({
    type: 'object',
    propertyNames: { pattern: PATTERNS.variable.pattern },
    additionalProperties: ref('IdentifierExtended'),
    description: 'Template variable name (UPPER_SNAKE_CASE) -> key to look up in the source.',
  }),
};

export const documentDefinitions = {
  CapabilityDocument: closedObject(
    {
      naftiko: Type.Literal('1.0.0-alpha2', { description: 'Version of the Naftiko specification.' }),
      info: Type.Optional(Type.Ref('Info')),
      binds: Type.Optional(relaxed(Type.Array(Type.Ref('Binding'), { minItems: 1 }), { minItems: null })),
      consumes: Type.Optional(
        Type.Array(Type.Union([Type.Ref('ConsumesHttp'), Type.Ref('ImportedConsumesHttp')]), {
          minItems: 1,
          description: 'Consumed APIs of a shared consumes-only file, imported by capabilities.',
        }),
      ),
      capability: Type.Optional(Type.Ref('Capability')),
    },
    {
      // A document is either a capability or a consumes-only library, never both.
      oneOf: [{ required: ['capability'] }, { required: ['consumes'] }],
      description: 'A Naftiko capability document.',
    },
  ),
  Capability: closedObject(
    {
      binds: Type.Optional(relaxed(Type.Array(Type.Ref('Binding'), { minItems: 1 }), { minItems: null })),
      exposes: Type.Optional(
        Type.Array(Type.Ref('Exposes'), { minItems: 1, description: 'Servers this capability runs.' }),
      ),
      consumes: Type.Optional(
        Type.Array(Type.Union([Type.Ref('ConsumesHttp'), Type.Ref('ImportedConsumesHttp')]), {
          minItems: 1,
          description: 'Upstream APIs this capability calls.',
        }),
      ),
      aggregates: Type.Optional(
        Type.Array(Type.Ref('Aggregate'), {
          minItems: 1,
          description: 'Reusable functions shared by several exposes.',
        }),
      ),
    },
    {
      anyOf: [{ required: ['exposes'] }, { required: ['consumes'] }],
      description: 'What the capability consumes and what it exposes.',
    },
  ),
};
