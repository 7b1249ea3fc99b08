import type { ServerResponse } from 'node:http';

export interface SendJsonRpcErrorOptions {
  status: number;
  code: number;
  message: string;
  headers?: Record<string, string>;
}

/** An HTTP error answered the way the Streamable HTTP transport answers its own: a JSON-RPC error body. */
export function sendJsonRpcError(response: ServerResponse, options: SendJsonRpcErrorOptions): void {
  const { status, code, message, headers = {} } = options;
  if (response.headersSent) {
    response.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}
