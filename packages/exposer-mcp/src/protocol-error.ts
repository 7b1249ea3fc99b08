import type { McpError } from '@modelcontextprotocol/sdk/types.js';
import { sdkTypes } from './sdk-types.js';

/**
 * A JSON-RPC error to answer a request with. The SDK's McpError prefixes its message with
 * `MCP error <code>: `, and the client's McpError prefixes it again, so clients read
 * `MCP error -32602: MCP error -32602: ...`; this one carries the message as written. Built from
 * the SDK module `doStart` loaded (request handlers only), so compiling an expose never loads it.
 */
export function protocolError(code: number, message: string, data?: unknown): McpError {
  const error = new (sdkTypes().McpError)(code, message, data);
  error.message = message;
  return error;
}
