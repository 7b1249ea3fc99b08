import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AuthInfo, createMcpHandler, type ServerNotifier } from '@modelcontextprotocol/server';
import type { ModernServerFactory } from './create-modern-server-factory.js';

export interface CreateModernHttpHandlerOptions {
  createServer: ModernServerFactory;
  /** Most open `subscriptions/listen` streams. */
  maxSubscriptions: number;
  onerror: (error: Error) => void;
}

/** The 2026-07-28 leg of `/mcp`: node:http in front of the v2 SDK's `createMcpHandler`. */
export interface ModernHttpHandler {
  /**
   * Serves one POST the listener already checked (host, auth, Accept, Content-Type, size) and
   * parsed: the SDK validates the envelope and the `Mcp-*` headers, then answers.
   */
  /** `authInfo`: what the request's OAuth token grants (its scopes filter `tools/list`). */
  serve(
    request: IncomingMessage,
    response: ServerResponse,
    body: unknown,
    authInfo?: AuthInfo,
  ): Promise<void>;
  /** Publishes list changes and resource updates to open `subscriptions/listen` streams. */
  readonly notify: ServerNotifier;
  /** Ends open exchanges and subscription streams (each listen stream gets its closing result). */
  close(): Promise<void>;
}

/**
 * Strict (`legacy: 'reject'`): the listener routes 2025-era traffic to its sessions before this
 * handler sees a request. One fresh server per request, as the revision intends (any replica
 * answers any request).
 */
export function createModernHttpHandler(options: CreateModernHttpHandlerOptions): ModernHttpHandler {
  const { createServer, maxSubscriptions, onerror } = options;
  const handler = createMcpHandler(() => createServer(), { legacy: 'reject', maxSubscriptions, onerror });

  return {
    notify: handler.notify,
    close: () => handler.close(),
    serve: async (request, response, body, authInfo) => {
      const headers: [string, string][] = [];
      for (const [name, value] of Object.entries(request.headers)) {
        // The body is handed over parsed (`parsedBody`), so the request carries none.
        if (value === undefined || name === 'content-length' || name === 'transfer-encoding') continue;
        headers.push([name, Array.isArray(value) ? value.join(', ') : value]);
      }
      // A client that closes the POST cancels the request (the revision's cancellation signal).
      const abort = new AbortController();
      const onClose = () => {
        if (!response.writableFinished) abort.abort();
      };
      response.once('close', onClose);
      const answer = await handler.fetch(
        new Request(`http://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`, {
          method: 'POST',
          headers,
          signal: abort.signal,
        }),
        authInfo === undefined ? { parsedBody: body } : { parsedBody: body, authInfo },
      );
      await writeResponse(answer, response);
      response.off('close', onClose);
    },
  };
}

/** Copies a web `Response` onto node's, streaming SSE bodies event by event. */
async function writeResponse(answer: Response, response: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (answer.body === null) {
    response.writeHead(answer.status, headers).end();
    return;
  }
  if (!headers['content-type']?.startsWith('text/event-stream')) {
    // A JSON answer: headers and body in one write.
    const body = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, { ...headers, 'content-length': body.length }).end(body);
    return;
  }
  response.writeHead(answer.status, headers);
  // SSE events must reach the client as they come, not when node's buffer fills.
  response.flushHeaders();
  const reader = answer.body.getReader();
  const cancel = () => {
    reader.cancel().catch(() => undefined);
  };
  response.once('close', cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!response.write(value)) {
        await new Promise<void>((resolve) => {
          response.once('drain', resolve);
          response.once('close', resolve);
        });
      }
    }
  } catch {
    // The client went away (reader cancelled): nothing left to write to.
  } finally {
    response.off('close', cancel);
    response.end();
  }
}
