import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const CAPABILITY = (content: string) => `naftiko: 1.0.0-alpha2
info:
  label: Content
  description: Content blocks test capability.
capability:
  exposes:
  - type: mcp
    namespace: content-mcp
    port: 9999
    tools:
    - name: draw_badge
      description: Draws a badge.
      inputParameters:
      - name: who
        type: string
        description: Whose badge
      outputParameters:
      - name: png
        type: string
        value: iVBORw0KGgo=
      content:
${content}
`;

let mcp: TestMcp | undefined;

afterEach(async () => {
  await mcp?.stop();
  mcp = undefined;
});

describe('tool content blocks (compatible dialect)', () => {
  it('renders image, text and resource blocks from the result and the arguments', async () => {
    mcp = await startTestMcp({
      capability: CAPABILITY(`      - type: text
        text: 'Badge of {{tools.who}}:'
      - type: image
        data: '{{result.png}}'
        mimeType: image/png
      - type: resource
        uri: 'badge://{{tools.who}}'
        mimeType: text/plain
        text: '{{tools.who}}'`),
    });
    const client = await mcp.connect();
    const { tools } = await client.listTools();
    expect(tools[0]?.outputSchema).toBeUndefined();
    const result = (await client.callTool({
      name: 'draw_badge',
      arguments: { who: 'Ada' },
    })) as CallToolResult;
    expect(result).toEqual({
      content: [
        { type: 'text', text: 'Badge of Ada:' },
        { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'badge://Ada', mimeType: 'text/plain', text: 'Ada' } },
      ],
    });
  });

  it('refuses at load a block without what its type needs, naming the fix', async () => {
    await expect(
      startTestMcp({
        capability: CAPABILITY(`      - type: image
        data: '{{result.png}}'`),
      }),
    ).rejects.toThrow('mcp "content-mcp" tool "draw_badge": content[0] (image) needs `mimeType`.');
  });
});
