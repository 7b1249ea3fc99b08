import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, createErrorEnvelope, invalidRequest, notFound } from './api-error.js';
import { checkHeaders } from './check-headers.js';
import { createId } from './create-id.js';
import { listEventsHandler, sendEventsHandler, streamEventsHandler } from './handle-events.js';
import {
  archiveSessionHandler,
  createSessionHandler,
  deleteSessionHandler,
  listSessionsHandler,
  retrieveSessionHandler,
  updateSessionHandler,
} from './handle-sessions.js';
import type { HandlerContext } from './handler-context.js';
import { matchRoute, type RouteName } from './match-route.js';
import { parseQuery } from './parse-query.js';
import { readBody } from './read-body.js';
import { createRecordedRequest, type RecordedRequest } from './recorded-request.js';
import type { SandboxOptions } from './sandbox-options.js';
import { createSessionStore } from './session-store.js';
import { createSessionWorker } from './session-worker.js';
import { validateSandboxOptions } from './validate-sandbox-options.js';

export { DEFAULT_SANDBOX_API_KEY } from './validate-sandbox-options.js';

export interface Sandbox extends AsyncDisposable {
  /** Base URL, e.g. `http://127.0.0.1:41234`; use it as a consumes `baseUri` or the SDK's `baseURL`. */
  readonly url: string;
  readonly port: number;
  /** SSE streams currently connected; drops as soon as a client disconnects (for leak checks). */
  readonly openStreams: number;
  /** Requests received so far, oldest first (a live array; see `record`). */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  /** Ends open streams, drops connections and stops listening. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts a local stand-in for the Managed Agents Sessions API (see the package README for what
 * is implemented and how it differs from the real service).
 */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const settings = validateSandboxOptions(options);
  const store = createSessionStore();
  const worker = createSessionWorker({ store, reply: settings.reply, replyDelayMs: settings.replyDelayMs });
  const requests: RecordedRequest[] = [];
  const openStreams = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    handleRequest(request, response).catch(() => {
      // handleRequest answers every API failure itself; reaching here means the client's upload
      // broke (aborted mid-body), so there is nobody left to answer.
      response.destroy();
    });
  });

  const handleRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = createId('req');
    response.setHeader('request-id', requestId);
    const method = request.method ?? 'GET';
    const rawUrl = request.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
    const query = parseQuery(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1));

    const read = await readBody({ request, maxBytes: settings.maxBodyBytes });
    const text = read.type === 'ok' ? read.text : '';
    let json: unknown;
    let jsonError: string | undefined;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch (error) {
        jsonError = error instanceof Error ? error.message : String(error);
      }
    }
    if (settings.record) {
      requests.push(
        createRecordedRequest({ method, path, query, headers: request.headers, body: text, json }),
      );
      if (requests.length > settings.maxRecordedRequests) requests.shift();
    }

    try {
      if (read.type === 'too-large') {
        // Stop reading the rest of the upload: answer, then close the connection.
        response.setHeader('connection', 'close');
        request.resume();
        throw new ApiError(
          413,
          'request_too_large',
          `Request body exceeds the sandbox limit of ${settings.maxBodyBytes} bytes`,
        );
      }
      const route = matchRoute({ method, pathname: path });
      if (route === undefined) {
        throw notFound(
          `No endpoint for ${method} ${path.slice(0, 200)}; see the Managed Agents Sessions API`,
        );
      }
      checkHeaders({ headers: request.headers, apiKey: settings.apiKey });
      if (jsonError !== undefined && method !== 'GET' && method !== 'DELETE') {
        throw invalidRequest(`body: request body is not valid JSON (${jsonError})`);
      }
      const context: HandlerContext = { store, worker, sessionId: route.sessionId, query, body: json };
      if (route.name === 'events.stream') {
        streamEventsHandler({
          ...context,
          response,
          heartbeatMs: settings.heartbeatMs,
          requestId,
          openStreams,
        });
        return;
      }
      sendJson(response, 200, HANDLERS[route.name](context));
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(
              500,
              'api_error',
              `internal sandbox error: ${error instanceof Error ? error.message : String(error)}`,
            );
      sendJson(
        response,
        apiError.status,
        createErrorEnvelope({ type: apiError.type, message: apiError.message, requestId }),
      );
    }
  };

  await listen(server, settings.port, settings.host);
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      store.closeAll();
      for (const stream of openStreams) stream.end();
      server.close(() => resolve());
      // Keep-alive and SSE sockets would otherwise hold `close` open until they time out.
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url: `http://${urlHost(settings.host)}:${port}`,
    port,
    get openStreams() {
      return openStreams.size;
    },
    requests,
    clearRequests() {
      requests.length = 0;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

type JsonHandler = (context: HandlerContext) => unknown;

const HANDLERS: Readonly<Record<Exclude<RouteName, 'events.stream'>, JsonHandler>> = {
  'sessions.create': createSessionHandler,
  'sessions.list': listSessionsHandler,
  'sessions.retrieve': retrieveSessionHandler,
  'sessions.update': updateSessionHandler,
  'sessions.delete': deleteSessionHandler,
  'sessions.archive': archiveSessionHandler,
  'events.send': sendEventsHandler,
  'events.list': listEventsHandler,
};

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new Error(
          `naftiko sandbox: cannot listen on ${host}:${port} (${error.code ?? error.message}); ` +
            'pick another port or use port 0 for a free one',
          { cause: error },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

// A wildcard bind is reachable on loopback; IPv6 literals need brackets in a URL.
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
