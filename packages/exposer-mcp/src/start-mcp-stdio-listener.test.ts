import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const CAPABILITY = (transport: 'stdio' | 'http') => `naftiko: 1.0.0-alpha2
info:
  label: Greeter
  description: A test capability.
capability:
  exposes:
  - type: mcp
    namespace: greeter-mcp
    transport: ${transport}
${transport === 'http' ? '    port: 9999\n' : ''}    tools:
    - name: greet
      description: Greets someone by name.
      inputParameters:
      - name: name
        type: string
        description: Who to greet
      outputParameters:
      - name: greeting
        type: string
        value: 'Hello {{tools.name}}'
`;

/** The client end of a pair of pipes, speaking newline-delimited JSON-RPC like a desktop host. */
function pipeTransport(toServer: PassThrough, fromServer: PassThrough): Transport {
  const buffer = new ReadBuffer();
  const transport: Transport = {
    start: async () => {
      fromServer.on('data', (chunk: Buffer) => {
        buffer.append(chunk);
        for (let message = buffer.readMessage(); message !== null; message = buffer.readMessage()) {
          transport.onmessage?.(message);
        }
      });
    },
    send: async (message: JSONRPCMessage) => {
      toServer.write(serializeMessage(message));
    },
    close: async () => {
      toServer.end();
      transport.onclose?.();
    },
  };
  return transport;
}

let mcp: TestMcp | undefined;

afterEach(async () => {
  await mcp?.stop();
  mcp = undefined;
});

describe('stdio transport', () => {
  for (const transport of ['stdio', 'http'] as const) {
    it(`serves a ${transport} expose over stdin/stdout${transport === 'http' ? ' when asked to' : ''}`, async () => {
      const stdin = new PassThrough();
      const stdout = new PassThrough();
      const written: string[] = [];
      stdout.on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
      let ended = 0;
      mcp = await startTestMcp({
        capability: CAPABILITY(transport),
        exposer: {
          stdin,
          stdout,
          ...(transport === 'http' ? { stdio: true } : {}),
          onStdioEnd: () => {
            ended += 1;
          },
        },
      });
      expect(mcp.engine.addresses).toEqual([{ type: 'mcp', namespace: 'greeter-mcp', url: 'stdio:' }]);

      const client = new Client({ name: 'desktop-host', version: '1.0.0' });
      await client.connect(pipeTransport(stdin, stdout));
      const result = (await client.callTool({ name: 'greet', arguments: { name: 'Ada' } })) as CallToolResult;
      expect(result.structuredContent).toEqual({ greeting: 'Hello Ada' });

      // stdout carries protocol only: every line is a JSON-RPC message.
      const lines = written.join('').split('\n').filter(Boolean);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });

      await client.close();
      await new Promise((resolve) => setImmediate(resolve));
      expect(ended).toBe(1);
    });
  }
});
