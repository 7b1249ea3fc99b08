import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import { isRequestMessage } from './parse-json-rpc-messages.js';
import { sendJsonRpcError } from './send-json-rpc-error.js';

/** Comment frames on open SSE streams, so proxies and idle timeouts keep them (the SDK's default). */
const KEEP_ALIVE_MS = 15_000;

export interface CreateHttpSessionTransportOptions {
  /** The session's id, sent back on every answer; undefined when stateless. */
  sessionId?: string;
  /**
   * Most requests of this session awaiting their answer; requests past it (a batch's too) are
   * answered at once with a busy error instead of running. Default unlimited.
   */
  maxInFlight?: number;
}

/**
 * The server side of one MCP session (or one stateless POST) over Streamable HTTP, on node:http
 * directly: the SDK's `Transport`, so `Server.connect()` takes it.
 */
export interface HttpSessionTransport extends Transport {
  readonly sessionId?: string;
  /** POST of already parsed and checked messages. */
  handlePost(
    request: IncomingMessage,
    response: ServerResponse,
    messages: JSONRPCMessage[],
    authInfo?: AuthInfo,
  ): void;
  /** GET: the server-to-client SSE stream (one per session). */
  handleGet(request: IncomingMessage, response: ServerResponse): void;
  /** DELETE: 200, then the session closes. */
  handleDelete(response: ServerResponse): Promise<void>;
}

/** The HTTP answer to one POST that carried requests. */
interface Exchange {
  readonly response: ServerResponse;
  /** The request ids still owed an answer, in the order they came (a batch answers in that order). */
  readonly ids: RequestId[];
  readonly answers: Map<RequestId, JSONRPCMessage>;
  /** Switched to SSE once the server sent something before the answer (progress, log). */
  sse: boolean;
  done: boolean;
  keepAlive?: NodeJS.Timeout;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

function sseEvent(message: JSONRPCMessage): string {
  return `event: message\ndata: ${encode(message)}\n\n`;
}

/**
 * A message as JSON text. An answer too large for one string (V8 caps them at ~512 MB) becomes
 * an error answer for its request, rather than an exception that leaves the client waiting.
 */
function encode(message: JSONRPCMessage): string {
  try {
    return JSON.stringify(message);
  } catch {
    const id = (message as { id?: RequestId }).id ?? null;
    return JSON.stringify({
      jsonrpc: '2.0',
      id,
      error: { code: -32603, message: 'Internal error: the result is too large to send' },
    });
  }
}

/** The answer to a request refused because its session has too many in flight. */
function busyAnswer(id: RequestId, limit: number): JSONRPCMessage & { id: RequestId } {
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code: -32000,
      message: `Server busy: this session already has ${limit} requests in flight; wait for their answers and retry`,
      data: { retryAfter: 1, limit },
    },
  };
}

function isCancellation(
  message: JSONRPCMessage,
): message is JSONRPCMessage & { params: { requestId: unknown } } {
  return (
    'method' in message &&
    message.method === 'notifications/cancelled' &&
    typeof message.params === 'object' &&
    message.params !== null
  );
}

function isResponse(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId } {
  return !('method' in message) && ('result' in message || 'error' in message);
}

/**
 * A POST's requests are answered with one `application/json` body (the answer, or the batch's
 * answers in request order) unless the server sends a notification or request related to one of
 * them first (`notifications/progress` of a streaming tool, a log message): then the answer turns
 * into an SSE stream carrying those and, last, the answers. Notifications and responses alone get
 * 202. Unrelated server messages go to the session's GET stream when one is open (else they are
 * dropped, as the SDK does without an event store). No web streams, no Request/Response
 * conversion, one write for a plain answer.
 */
export function createHttpSessionTransport(
  options: CreateHttpSessionTransportOptions = {},
): HttpSessionTransport {
  const { sessionId, maxInFlight = Number.POSITIVE_INFINITY } = options;
  const byRequest = new Map<RequestId, Exchange>();
  const open = new Set<Exchange>();
  let standalone: { response: ServerResponse; keepAlive: NodeJS.Timeout } | undefined;
  let closed = false;

  const sessionHeaders = (headers: Record<string, string | number>) => {
    if (sessionId !== undefined) headers['mcp-session-id'] = sessionId;
    return headers;
  };

  const armKeepAlive = (response: ServerResponse) => {
    const timer = setInterval(() => {
      if (!response.writableEnded) response.write(': keepalive\n\n');
    }, KEEP_ALIVE_MS);
    timer.unref();
    return timer;
  };

  const finish = (exchange: Exchange) => {
    exchange.done = true;
    open.delete(exchange);
    for (const id of exchange.ids) {
      if (byRequest.get(id) === exchange) byRequest.delete(id);
    }
    if (exchange.keepAlive !== undefined) clearInterval(exchange.keepAlive);
  };

  const startSse = (exchange: Exchange) => {
    exchange.sse = true;
    exchange.response.writeHead(200, sessionHeaders({ ...SSE_HEADERS }));
    exchange.keepAlive = armKeepAlive(exchange.response);
    // Answers of a batch that came before the switch.
    for (const answer of exchange.answers.values()) exchange.response.write(sseEvent(answer));
  };

  const answer = (exchange: Exchange, message: JSONRPCMessage & { id: RequestId }) => {
    exchange.answers.set(message.id, message);
    if (exchange.sse) exchange.response.write(sseEvent(message));
    if (exchange.answers.size >= exchange.ids.length) complete(exchange);
  };

  /** Every request of the exchange is answered (or cancelled): end the HTTP answer. */
  const complete = (exchange: Exchange) => {
    finish(exchange);
    if (exchange.sse) {
      exchange.response.end();
      return;
    }
    if (exchange.ids.length === 0) {
      // Only cancelled requests: the specification wants no JSON-RPC response for them, and an
      // answer to a POST with requests must be JSON or SSE, so it is an SSE stream without events.
      exchange.response.writeHead(200, sessionHeaders({ ...SSE_HEADERS }));
      exchange.response.end();
      return;
    }
    // Encoded here rather than handed to `end` as a string: node:http prepends its header block to
    // a string body and the socket write then flattens that pair into one more heap copy.
    const answers = exchange.ids.map((id) => exchange.answers.get(id) as JSONRPCMessage);
    const body = Buffer.from(
      answers.length === 1 ? encode(answers[0] as JSONRPCMessage) : `[${answers.map(encode).join(',')}]`,
    );
    exchange.response.writeHead(
      200,
      sessionHeaders({ 'content-type': 'application/json', 'content-length': body.length }),
    );
    exchange.response.end(body);
  };

  /**
   * `notifications/cancelled` from the client: the SDK aborts the handler and sends nothing for
   * the request (as the specification asks), so the request stops being owed an answer here and
   * its HTTP exchange ends instead of hanging until the client gives up.
   */
  const forget = (requestId: unknown) => {
    const exchange = byRequest.get(requestId as RequestId);
    if (exchange === undefined || exchange.done || exchange.answers.has(requestId as RequestId)) return;
    byRequest.delete(requestId as RequestId);
    exchange.ids.splice(exchange.ids.indexOf(requestId as RequestId), 1);
    if (exchange.answers.size >= exchange.ids.length) complete(exchange);
  };

  /** Streamable HTTP: a client that closes a POST's response stream cancels its open requests. */
  const cancelOpen = (exchange: Exchange) => {
    const open = exchange.ids.filter((id) => !exchange.answers.has(id));
    finish(exchange);
    for (const requestId of open) {
      transport.onmessage?.({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId, reason: 'the client closed the connection' },
      });
    }
  };

  const transport: HttpSessionTransport = {
    ...(sessionId === undefined ? {} : { sessionId }),

    start: async () => undefined,

    send: async (message: JSONRPCMessage, sendOptions?: TransportSendOptions) => {
      if (closed) return;
      const response = isResponse(message);
      const requestId = response ? message.id : sendOptions?.relatedRequestId;
      if (requestId === undefined) {
        if (response) {
          throw new Error(
            'Cannot send a response on a standalone SSE stream unless resuming a previous client request',
          );
        }
        standalone?.response.write(sseEvent(message));
        return;
      }
      const exchange = byRequest.get(requestId);
      // The client went away (or the session closed): nothing to deliver to, as in the SDK.
      if (exchange === undefined || exchange.done) return;
      if (response) {
        answer(exchange, message);
        return;
      }
      if (!exchange.sse) startSse(exchange);
      exchange.response.write(sseEvent(message));
    },

    close: async () => {
      if (closed) return;
      closed = true;
      for (const exchange of [...open]) {
        finish(exchange);
        if (exchange.sse) exchange.response.end();
        else sendJsonRpcError(exchange.response, { status: 404, code: -32001, message: 'Session not found' });
      }
      if (standalone !== undefined) {
        clearInterval(standalone.keepAlive);
        standalone.response.end();
        standalone = undefined;
      }
      transport.onclose?.();
    },

    handlePost: (request, response, messages, authInfo) => {
      if (closed) {
        sendJsonRpcError(response, { status: 404, code: -32001, message: 'Session not found' });
        return;
      }
      // The client address rides along for per-caller limits of stateless servers (no session).
      const requestInfo = { headers: request.headers, remoteAddress: request.socket?.remoteAddress };
      const extra = authInfo === undefined ? { requestInfo } : { requestInfo, authInfo };
      const ids: RequestId[] = [];
      for (const message of messages) {
        if (isRequestMessage(message)) ids.push(message.id);
      }
      if (ids.length === 0) {
        for (const message of messages) {
          transport.onmessage?.(message, extra);
          if (isCancellation(message)) forget(message.params.requestId);
        }
        response.writeHead(202).end();
        return;
      }
      const exchange: Exchange = { response, ids, answers: new Map(), sse: false, done: false };
      open.add(exchange);
      const run: JSONRPCMessage[] = [];
      for (const message of messages) {
        if (!isRequestMessage(message)) run.push(message);
        else if (byRequest.size >= maxInFlight)
          exchange.answers.set(message.id, busyAnswer(message.id, maxInFlight));
        else {
          byRequest.set(message.id, exchange);
          run.push(message);
        }
      }
      response.once('close', () => {
        if (!exchange.done) cancelOpen(exchange);
      });
      for (const message of run) {
        transport.onmessage?.(message, extra);
        if (isCancellation(message)) forget(message.params.requestId);
      }
      // Every request of the POST was refused.
      if (!exchange.done && exchange.answers.size >= exchange.ids.length) complete(exchange);
    },

    handleGet: (_request, response) => {
      if (closed) {
        sendJsonRpcError(response, { status: 404, code: -32001, message: 'Session not found' });
        return;
      }
      if (standalone !== undefined) {
        sendJsonRpcError(response, {
          status: 409,
          code: -32000,
          message: 'Conflict: Only one SSE stream is allowed per session',
        });
        return;
      }
      response.writeHead(200, sessionHeaders({ ...SSE_HEADERS }));
      response.flushHeaders();
      const stream = { response, keepAlive: armKeepAlive(response) };
      standalone = stream;
      response.once('close', () => {
        clearInterval(stream.keepAlive);
        if (standalone === stream) standalone = undefined;
      });
    },

    handleDelete: async (response) => {
      response.writeHead(200).end();
      await transport.close();
    },
  };
  return transport;
}
