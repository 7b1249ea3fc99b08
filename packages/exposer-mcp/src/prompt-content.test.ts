import { afterEach, describe, expect, it } from 'vitest';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const CAPABILITY = `naftiko: 1.0.0-alpha2
info:
  label: Prompts
  description: Prompt content test capability.
capability:
  exposes:
  - type: mcp
    namespace: prompts-mcp
    port: 9999
    tools:
    - name: noop
      description: Does nothing.
      outputParameters:
      - name: ok
        type: string
        value: 'yes'
    prompts:
    - name: review
      label: Review
      description: Reviews a document and a picture.
      arguments:
      - name: doc
        description: The document URI
        values: [spec.md, Specs/old.md, readme.md]
      template:
      - role: user
        resource:
          uri: 'docs://{{doc}}'
          mimeType: text/markdown
          text: 'Review {{doc}} carefully.'
      - role: user
        image:
          data: iVBORw0KGgo=
          mimeType: image/png
      - role: assistant
        content: 'Reviewing {{doc}}.'
`;

let mcp: TestMcp | undefined;

afterEach(async () => {
  await mcp?.stop();
  mcp = undefined;
});

describe('prompt messages as content blocks (compatible dialect)', () => {
  it('fills arguments into embedded resources and passes images as given', async () => {
    mcp = await startTestMcp({ capability: CAPABILITY });
    const client = await mcp.connect();
    const prompt = await client.getPrompt({ name: 'review', arguments: { doc: 'spec.md' } });
    expect(prompt.messages).toEqual([
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: { uri: 'docs://spec.md', mimeType: 'text/markdown', text: 'Review spec.md carefully.' },
        },
      },
      { role: 'user', content: { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' } },
      { role: 'assistant', content: { type: 'text', text: 'Reviewing spec.md.' } },
    ]);
  });

  it('completes an argument from its declared values, by prefix and regardless of case', async () => {
    mcp = await startTestMcp({ capability: CAPABILITY });
    const client = await mcp.connect();
    expect(client.getServerCapabilities()?.completions).toEqual({});
    const ref = { type: 'ref/prompt' as const, name: 'review' };
    expect((await client.complete({ ref, argument: { name: 'doc', value: 'sp' } })).completion).toEqual({
      values: ['spec.md', 'Specs/old.md'],
      total: 2,
      hasMore: false,
    });
    expect((await client.complete({ ref, argument: { name: 'doc', value: 'x' } })).completion.values).toEqual(
      [],
    );
    await expect(
      client.complete({ ref: { type: 'ref/prompt', name: 'nope' }, argument: { name: 'doc', value: '' } }),
    ).rejects.toMatchObject({ code: -32602 });
  });
});
