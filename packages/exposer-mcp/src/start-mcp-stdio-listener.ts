import type { Readable, Writable } from 'node:stream';
import type { ModernServerFactory } from './create-modern-server-factory.js';

export interface StartMcpStdioListenerOptions {
  createServer: ModernServerFactory;
  stdin: Readable;
  stdout: Writable;
  /** The host closed our stdin (or stdout broke): the session is over. */
  onEnd?: () => void;
}

export interface McpStdioListener {
  close(): Promise<void>;
}

/**
 * Newline-delimited JSON-RPC on stdin/stdout, one connection for the life of the process, served
 * by the v2 SDK's `serveStdio`: its first exchange (`initialize` or `server/discover`) pins the
 * connection to the 2025 or the 2026-07-28 revision. Nothing else may write to `stdout`: logs go
 * to stderr.
 */
export async function startMcpStdioListener(
  options: StartMcpStdioListenerOptions,
): Promise<McpStdioListener> {
  const { stdin, stdout, onEnd } = options;
  // Loaded only when an expose serves stdio: HTTP-only runs never need it.
  const { serveStdio, StdioServerTransport } = await import('@modelcontextprotocol/server/stdio');
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd?.();
  };
  stdin.once('end', end);
  stdin.once('close', end);
  stdout.once('error', end);
  const handle = serveStdio(() => options.createServer(), {
    transport: new StdioServerTransport(stdin, stdout),
  });
  return {
    close: async () => {
      ended = true;
      stdin.off('end', end);
      stdin.off('close', end);
      await handle.close();
    },
  };
}
