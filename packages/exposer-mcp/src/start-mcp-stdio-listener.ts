import type { Readable, Writable } from 'node:stream';
import type { McpServerFactory } from './create-mcp-server.js';

export interface StartMcpStdioListenerOptions {
  createServer: McpServerFactory;
  stdin: Readable;
  stdout: Writable;
  /** The host closed our stdin (or stdout broke): the session is over. */
  onEnd?: () => void;
}

export interface McpStdioListener {
  close(): Promise<void>;
}

/**
 * Newline-delimited JSON-RPC on stdin/stdout, one session for the life of the process. Nothing
 * else may write to `stdout`: logs go to stderr.
 */
export async function startMcpStdioListener(
  options: StartMcpStdioListenerOptions,
): Promise<McpStdioListener> {
  const { stdin, stdout, onEnd } = options;
  // Loaded only when an expose serves stdio: HTTP-only runs never need it.
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const server = options.createServer();
  const transport = new StdioServerTransport(stdin, stdout);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd?.();
  };
  stdin.once('end', end);
  stdin.once('close', end);
  stdout.once('error', end);
  await server.connect(transport);
  return {
    close: async () => {
      ended = true;
      stdin.off('end', end);
      stdin.off('close', end);
      await server.close();
    },
  };
}
