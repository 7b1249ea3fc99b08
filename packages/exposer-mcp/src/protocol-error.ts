import { McpError } from '@modelcontextprotocol/sdk/types.js';

/**
 * A JSON-RPC error to answer a request with. The SDK's McpError prefixes its message with
 * `MCP error <code>: `, and the client's McpError prefixes it again, so clients read
 * `MCP error -32602: MCP error -32602: ...`; this one sends the message as written.
 */
export class ProtocolError extends McpError {
  constructor(code: number, message: string, data?: unknown) {
    super(code, message, data);
    this.message = message;
  }
}
