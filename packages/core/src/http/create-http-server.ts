/**
 * The node:http server under every HTTP expose, with the limits a slow client must not outlast
 * (slowloris): Node's own defaults let a request dribble its headers for 60 s and its body for
 * 300 s, and check them only every 30 s.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface HttpServerTimeouts {
  /** A request's headers must arrive within this long of its first byte, in ms. Default 10 s. */
  headersTimeoutMs?: number;
  /** The whole request, headers and body, must arrive within this long, in ms. Default 30 s. */
  requestTimeoutMs?: number;
}

export interface CreateHttpServerOptions extends HttpServerTimeouts {
  /** The request listener; fastify's `serverFactory` passes its own. */
  handler: (request: IncomingMessage, response: ServerResponse) => void;
}

const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * A node:http server whose header and request timeouts are enforced within a quarter of the
 * shorter one (Node checks on an interval): a client past either gets 408 and its socket closed.
 * Responses are not limited: a stream (SSE) may last as long as the client listens.
 */
export function createHttpServer(options: CreateHttpServerOptions): Server {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Node refuses a header timeout longer than the request timeout.
  const headersTimeout = Math.min(options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout);
  return createServer(
    {
      headersTimeout,
      requestTimeout,
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 4))),
    },
    options.handler,
  );
}
