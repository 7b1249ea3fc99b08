import { Type } from '@sinclair/typebox';
import { PATTERNS } from './patterns.js';
import { closedObject } from './schema-helpers.js';

export { describePattern, PATTERNS } from './patterns.js';

export const commonDefinitions = {
  IdentifierKebab: Type.String({
    pattern: PATTERNS.kebab.pattern,
    description: 'A name made of letters, digits and hyphens.',
  }),
  IdentifierExtended: Type.String({
    pattern: PATTERNS.extended.pattern,
    description: 'A name made of letters, digits, hyphens, underscores or `*`.',
  }),
  Target: Type.String({
    pattern: PATTERNS.target.pattern,
    description: 'A `namespace.name` reference to a consumed operation or an aggregate function.',
  }),
  FileUri: Type.String({
    format: 'uri',
    pattern: PATTERNS.fileUri.pattern,
    description: 'An absolute `file:///` URI.',
  }),
  Port: Type.Integer({ minimum: 1, maximum: 65535, description: 'TCP port to listen on.' }),
  Address: Type.Union(
    [
      Type.String({ pattern: PATTERNS.hostname.pattern }),
      Type.String({ pattern: PATTERNS.ipv4.pattern }),
      Type.String({ pattern: PATTERNS.ipv6.pattern }),
    ],
    { description: 'Interface to bind: a host name, an IPv4 or an IPv6 address.' },
  ),
  With: Type.Unsafe<Record<string, string | number>>({
    type: 'object',
    additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    description:
      'Values handed to the called operation, by parameter name: argument references, templates or numbers.',
  }),
  Semantics: closedObject(
    {
      safe: Type.Optional(Type.Boolean({ description: 'Has no side effects.' })),
      idempotent: Type.Optional(Type.Boolean({ description: 'Repeating the call has the same effect.' })),
      cacheable: Type.Optional(Type.Boolean({ description: 'Results may be cached.' })),
    },
    { description: 'Behavioural traits of an aggregate function, projected onto exposes.' },
  ),
};
