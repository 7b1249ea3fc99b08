import { createCapability, createEngine, NaftikoError } from '@naftiko/core';
import type { CapabilityDocumentSpec } from '@naftiko/spec';
import { describe, expect, it } from 'vitest';
import { formatStartError } from './format-start-error.js';

describe('formatStartError', () => {
  it('names an expose type with no implementation', async () => {
    const document = {
      naftiko: '1.0.0-alpha2',
      capability: { exposes: [{ type: 'skill', namespace: 'catalog', port: 0, skills: [] }] },
    } as unknown as CapabilityDocumentSpec;
    const engine = createEngine({
      capability: createCapability({ document, baseDir: '.', dialect: 'compatible' }),
      exposers: [],
    });
    const error = await engine.start().catch((caught: unknown) => caught);
    expect(formatStartError({ error, file: 'cap.yaml', sandboxApplies: false })).toBe(
      'naftiko: cannot start cap.yaml: naftiko run does not implement exposes type "skill" yet.\n' +
        'Remove that expose, or serve it with another runtime; mcp, rest, skill and control exposes are supported.\n',
    );
  });

  it('lists every missing bind variable, from the environment or a file', () => {
    const error = new NaftikoError('BIND_MISSING_VARIABLE', 'missing', {
      data: {
        missing: [
          { namespace: 'env', variable: 'A_KEY', providerKey: 'A_KEY', source: 'environment' },
          { namespace: 'vault', variable: 'B', providerKey: 'b.key', source: '/run/secrets.json' },
        ],
      },
    });
    expect(formatStartError({ error, file: 'cap.yaml', sandboxApplies: false })).toMatchInlineSnapshot(`
      "naftiko: cannot start cap.yaml: A_KEY, b.key are not set.
        A_KEY: the environment variable bind "env" reads for A_KEY.
          Set it:  export A_KEY=...   or put A_KEY=... in a file passed with --env-file <file>
        b.key: missing in /run/secrets.json (bind "vault"); add it to that file.
      "
    `);
  });

  it('keeps the message of other failures, never a stack', () => {
    expect(formatStartError({ error: new Error('boom'), file: 'cap.yaml', sandboxApplies: false })).toBe(
      'naftiko: cannot start cap.yaml: boom\n',
    );
  });
});
