import { Type } from '@sinclair/typebox';
import { ikanosOnly } from './dialect-markers.js';
import { closedObject, stringEnum } from './schema-helpers.js';

// Fields the ikanos dialects (1.0.0-alpha3 and later) add to the model. Each is marked with the
// version that introduced it: the alpha2 schemas leave them out, each ikanos schema keeps those
// of its version (see ../ikanos/ikanos-versions.ts for the table).

/** Free-form keywords on a resource, operation, tool or flow (ikanos 1.0.0-alpha3). */
export function tags() {
  return Type.Optional(
    ikanosOnly('1.0.0-alpha3', Type.Array(Type.String(), { description: 'Free-form keywords.' })),
  );
}

/** A size such as `10MiB`: the cap on a binary body (ikanos 1.0.0-beta1). */
export function maxBinarySize() {
  return Type.Optional(
    ikanosOnly(
      '1.0.0-beta1',
      Type.String({
        pattern: '^\\d+(\\.\\d+)?(B|KiB|MiB|GiB)$',
        description: 'Largest binary body accepted, such as `10MiB`.',
      }),
    ),
  );
}

/** The media type of a binary result (ikanos 1.0.0-beta1). */
export function outputMediaType() {
  return Type.Optional(
    ikanosOnly('1.0.0-beta1', Type.String({ description: 'Media type of a binary result.' })),
  );
}

/** An OpenZiti reverse tunnel to a private upstream (ikanos 1.0.0-alpha3); naftiko refuses it. */
export function tunnel() {
  return Type.Optional(
    ikanosOnly(
      '1.0.0-alpha3',
      closedObject(
        {
          type: Type.Literal('ziti'),
          service: Type.String({ description: 'The OpenZiti service to dial.' }),
          identity: Type.String({ description: 'The OpenZiti identity file or its bound variable.' }),
          fallback: Type.Optional(stringEnum(['fail', 'direct'] as const, { default: 'fail' })),
        },
        { description: 'Reach the upstream through an OpenZiti tunnel (not supported by naftiko).' },
      ),
    ),
  );
}

/** How long an MCP client may cache a tool result, in milliseconds (ikanos 1.0.0-beta4). */
export function ttlMs() {
  return Type.Optional(
    ikanosOnly(
      '1.0.0-beta4',
      Type.Integer({ description: 'How long clients may cache results, in milliseconds.' }),
    ),
  );
}

/** Whether a cached MCP result may be shared between users (ikanos 1.0.0-beta4). */
export function cacheScope() {
  return Type.Optional(
    ikanosOnly(
      '1.0.0-beta4',
      stringEnum(['public', 'private'] as const, { description: 'Who may share a cached result.' }),
    ),
  );
}
