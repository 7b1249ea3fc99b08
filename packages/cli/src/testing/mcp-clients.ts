// Official MCP SDK clients for the end-to-end tests, closed together after each test.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export interface McpClients {
  /** A client connected over Streamable HTTP to `url`. */
  connect(url: string): Promise<Client>;
  /** Closes every client connected so far. */
  closeAll(): Promise<void>;
}

export function createMcpClients(): McpClients {
  const clients: Client[] = [];
  return {
    async connect(url) {
      const client = new Client({ name: 'e2e', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      clients.push(client);
      return client;
    },
    async closeAll() {
      await Promise.allSettled(clients.splice(0).map((client) => client.close()));
    },
  };
}

/** The text of a tool result's first content item. */
export const toolText = (result: unknown): string =>
  ((result as CallToolResult).content[0] as { text: string }).text;
