import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';
import {
  isInitializeRequest,
  type JSONRPCMessage,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import {
  checkArgumentShape,
  createHttpServer,
  DEFAULT_ARGUMENT_LIMITS,
  type HostGuard,
  type HttpServerTimeouts,
  type InboundAuth,
  type InboundPrincipal,
  type Logger,
  missingScopes,
  NaftikoError,
  serveWellKnown,
} from '@naftiko/core';

import { createHttpSessionTransport, type HttpSessionTransport } from './create-http-session-transport.js';
import type { McpServerFactory } from './create-mcp-server.js';
import type { ModernHttpHandler } from './create-modern-http-handler.js';
import { parseJsonRpcMessages } from './parse-json-rpc-messages.js';
import { readRequestBody } from './read-request-body.js';
import { sendJsonRpcError } from './send-json-rpc-error.js';

export const MCP_PATH = '/mcp';

export interface StartMcpHttpListenerOptions extends HttpServerTimeouts {
  /** The expose's namespace, for messages and logs. */
  namespace: string;
  address: string;
  port: number;
  createServer: McpServerFactory;
  /**
   * The 2026-07-28 leg (v2 SDK), built on the first request that claims that revision, so
   * 2025-only traffic never loads it.
   */
  createModernHandler: () => Promise<ModernHttpHandler>;
  /** No session ids: every POST gets a fresh server, so any replica can answer any request. */
  stateless: boolean;
  /** Host and Origin, checked before anything else (core's same-origin guard). */
  hostGuard: HostGuard;
  auth?: InboundAuth;
  /** The OAuth scopes a tool needs (extension `scopes`): a call without them gets 403. */
  toolScopes?: (tool: string) => readonly string[] | undefined;
  maxBodyBytes: number;
  maxSessions: number;
  /** Sessions without a request for this long are closed, in ms. */
  sessionIdleMs: number;
  /** Most requests in flight per session (per POST when stateless); more get a busy error. */
  maxSessionCalls: number;
  /**
   * A proxy that routes on `Mcp-Session-Id` names the id of a new session in this request header
   * (lower case), so the initialize lands where the session's later requests will: see
   * deploy/README.md. Only a 32 to 64 character hex or UUID value not in use is taken.
   */
  sessionIdHeader?: string;
  logger: Logger;
}

export interface McpHttpListener {
  readonly url: string;
  readonly port: number;
  readonly sessionCount: number;
  /**
   * Tells open 2026-07-28 `subscriptions/listen` streams that a list changed (hot reload); 2025
   * sessions advertise `listChanged: false` and are not told.
   */
  notifyListChanged(kind: 'tools' | 'prompts' | 'resources'): void;
  /** Stops accepting connections; open requests go on. */
  stopAccepting(): void;
  /** Closes every session and connection. */
  close(): Promise<void>;
}

interface Session {
  transport: HttpSessionTransport;
  lastSeen: number;
  active: number;
}

/**
 * The Streamable HTTP endpoint on a plain `node:http` server: `/mcp` only (404 elsewhere, but
 * the authentication's RFC 9728 metadata), Host and Origin checked (403), inbound authentication
 * (401 + `WWW-Authenticate`; 403 `insufficient_scope` for a tools/call the token's scopes do not
 * cover, the token's scopes reaching tools/list), request bodies
 * capped (413), Accept, Content-Type and MCP-Protocol-Version checked as the SDK's transport
 * does (406, 415, 400), JSON-RPC parsed (-32700), then POST/GET/DELETE handed to the transport of
 * the request's session (a new server + transport per session; 404 for an unknown session id, 400
 * without one), or to a fresh pair per request when stateless.
 */
export async function startMcpHttpListener(options: StartMcpHttpListenerOptions): Promise<McpHttpListener> {
  const {
    namespace,
    address,
    port,
    stateless,
    hostGuard,
    auth,
    maxBodyBytes,
    maxSessions,
    sessionIdleMs,
    maxSessionCalls,
    logger,
  } = options;
  const sessions = new Map<string, Session>();
  let accepting = true;
  const findLackingScopes = (messages: JSONRPCMessage[], principal: InboundPrincipal) => {
    for (const message of messages) {
      if (!('method' in message) || message.method !== 'tools/call') continue;
      const tool = (message.params as { name?: unknown } | undefined)?.name;
      const scopes = missingScopes(
        typeof tool === 'string' ? options.toolScopes?.(tool) : undefined,
        principal,
      );
      if (scopes.length > 0) return { tool: String(tool), scopes };
    }
    return undefined;
  };
  const authInfoOf = (principal: InboundPrincipal | undefined): AuthInfo | undefined =>
    principal?.scopes === undefined
      ? undefined
      : { token: '', clientId: principal.clientId ?? '', scopes: [...principal.scopes] };
  let modern: Promise<ModernHttpHandler> | undefined;
  const loadModern = (): Promise<ModernHttpHandler> => {
    modern ??= options.createModernHandler();
    return modern;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const refusal = hostGuard.check(request);
    if (refusal !== undefined) {
      sendJsonRpcError(response, { status: refusal.status, code: -32000, message: refusal.message });
      return;
    }
    if (!accepting) {
      sendJsonRpcError(response, {
        status: 503,
        code: -32000,
        message: 'Server is shutting down',
        headers: { connection: 'close' },
      });
      return;
    }
    if (serveWellKnown(auth, request, response)) return;
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    if (pathname !== MCP_PATH) {
      sendJsonRpcError(response, {
        status: 404,
        code: -32000,
        message: `Not found: the MCP endpoint is ${MCP_PATH}`,
      });
      return;
    }
    let principal: InboundPrincipal | undefined;
    if (auth) {
      const verdict = await auth.authenticate(request);
      if (!verdict.ok) {
        sendJsonRpcError(response, {
          status: verdict.status,
          code: -32000,
          message: `${verdict.status === 401 ? 'Unauthorized' : 'Service Unavailable'}: ${verdict.detail ?? 'missing or invalid credentials'}`,
          headers: { 'www-authenticate': verdict.challenge },
        });
        return;
      }
      principal = verdict.principal;
    }

    const { method } = request;
    if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
      sendJsonRpcError(response, {
        status: 405,
        code: -32000,
        message: 'Method not allowed.',
        headers: { allow: stateless ? 'POST' : 'GET, POST, DELETE' },
      });
      return;
    }
    if (stateless && method !== 'POST') {
      // Without sessions there is no server-to-client stream to open and no session to delete.
      sendJsonRpcError(response, {
        status: 405,
        code: -32000,
        message: 'Method not allowed: this server is stateless; use POST',
        headers: { allow: 'POST' },
      });
      return;
    }
    const accept = request.headers.accept ?? '';
    if (method === 'GET' && !accept.includes('text/event-stream')) {
      sendJsonRpcError(response, {
        status: 406,
        code: -32000,
        message: 'Not Acceptable: Client must accept text/event-stream',
      });
      return;
    }

    let messages: JSONRPCMessage[] = [];
    let initialize = false;
    let body: unknown;
    if (method === 'POST') {
      // Accept is a list, so a substring check is the intended semantics (as in the SDK).
      if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
        sendJsonRpcError(response, {
          status: 406,
          code: -32000,
          message: 'Not Acceptable: Client must accept both application/json and text/event-stream',
        });
        return;
      }
      if (!isJsonContentType(request.headers['content-type'])) {
        sendJsonRpcError(response, {
          status: 415,
          code: -32000,
          message: 'Unsupported Media Type: Content-Type must be application/json',
        });
        return;
      }
      const read = await readRequestBody(request, maxBodyBytes);
      if (!read.ok) {
        sendJsonRpcError(response, {
          status: 413,
          code: -32000,
          message: `Payload Too Large: the request body must not exceed ${maxBodyBytes} bytes`,
          headers: { connection: 'close' },
        });
        return;
      }
      try {
        body = JSON.parse(read.text);
      } catch {
        sendJsonRpcError(response, { status: 400, code: -32700, message: 'Parse error: Invalid JSON' });
        return;
      }
      const parsed = parseJsonRpcMessages(body);
      if (!parsed.ok) {
        sendJsonRpcError(response, { status: 400, code: parsed.code, message: parsed.message });
        return;
      }
      messages = parsed.messages;
      const oversized = findOversizedParams(messages);
      if (oversized !== undefined) {
        sendJsonRpcError(response, { status: 400, code: -32602, message: `Invalid params: ${oversized}` });
        return;
      }
      const lacking = principal?.scopes === undefined ? undefined : findLackingScopes(messages, principal);
      if (lacking !== undefined && auth?.insufficientScope !== undefined) {
        // MCP authorization, scope challenges: 403 + insufficient_scope, so the client can step up.
        sendJsonRpcError(response, {
          status: 403,
          code: -32000,
          message: `Forbidden: insufficient_scope: tool "${lacking.tool}" needs the scope${lacking.scopes.length === 1 ? '' : 's'} ${lacking.scopes.join(' ')}`,
          headers: { 'www-authenticate': auth.insufficientScope(lacking.scopes) },
        });
        return;
      }
      if (claimsModernRevision(messages, request.headers['mcp-protocol-version'])) {
        // 2026-07-28 (or a claim to a later revision, which the SDK answers -32022).
        await (await loadModern()).serve(request, response, body, authInfoOf(principal));
        return;
      }
      initialize = messages.some(isInitialize);
      if (initialize && messages.length > 1) {
        sendJsonRpcError(response, {
          status: 400,
          code: -32600,
          message: 'Invalid Request: Only one initialization request is allowed',
        });
        return;
      }
    }
    if (!initialize) {
      // After initialize the header names the negotiated version; without it the SDK assumes one.
      const version = request.headers['mcp-protocol-version'];
      if (typeof version === 'string' && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
        sendJsonRpcError(response, {
          status: 400,
          code: -32000,
          message: `Bad Request: Unsupported protocol version: ${version} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`,
        });
        return;
      }
    }

    if (stateless) {
      await handleStateless(request, response, messages, principal);
      return;
    }

    const sessionId = request.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session) {
        sendJsonRpcError(response, { status: 404, code: -32001, message: 'Session not found' });
        return;
      }
      if (initialize) {
        sendJsonRpcError(response, {
          status: 400,
          code: -32600,
          message: 'Invalid Request: Server already initialized',
        });
        return;
      }
      session.lastSeen = Date.now();
      if (method === 'GET') {
        session.transport.handleGet(request, response);
        return;
      }
      if (method === 'DELETE') {
        sessions.delete(sessionId);
        await session.transport.handleDelete(response);
        return;
      }
      session.active += 1;
      response.once('close', () => {
        session.active -= 1;
        session.lastSeen = Date.now();
      });
      session.transport.handlePost(request, response, messages, authInfoOf(principal));
      return;
    }
    if (initialize) {
      if (sessions.size >= maxSessions && !evictLeastRecentlyUsed()) {
        sendJsonRpcError(response, {
          status: 503,
          code: -32000,
          message: `Too many sessions (${maxSessions}), every one with a call in flight; retry shortly, or raise --max-sessions`,
          headers: { 'retry-after': '5' },
        });
        return;
      }
      await openSession(request, response, messages, principal);
      return;
    }
    sendJsonRpcError(response, {
      status: 400,
      code: -32000,
      message: 'Bad Request: Mcp-Session-Id header is required (initialize first)',
    });
  };

  // At the cap a new client takes the place of the session unused for longest, rather than
  // being locked out until idle ones expire; sessions with a call in flight are never taken.
  const evictLeastRecentlyUsed = (): boolean => {
    let oldest: [string, Session] | undefined;
    for (const entry of sessions) {
      if (entry[1].active === 0 && (oldest === undefined || entry[1].lastSeen < oldest[1].lastSeen))
        oldest = entry;
    }
    if (oldest === undefined) return false;
    const [id, session] = oldest;
    sessions.delete(id);
    void session.transport.close();
    logger.warn('mcp session limit reached: closed the least recently used idle session', {
      expose: namespace,
      maxSessions,
      idleMs: Date.now() - session.lastSeen,
    });
    return true;
  };

  const openSession = async (
    request: IncomingMessage,
    response: ServerResponse,
    messages: JSONRPCMessage[],
    principal: InboundPrincipal | undefined,
  ) => {
    const server = options.createServer();
    const proposed =
      options.sessionIdHeader === undefined ? undefined : request.headers[options.sessionIdHeader];
    const id =
      typeof proposed === 'string' && PROPOSED_SESSION_ID.test(proposed) && !sessions.has(proposed)
        ? proposed
        : randomUUID();
    const transport = createHttpSessionTransport({ sessionId: id, maxInFlight: maxSessionCalls });
    transport.onclose = () => {
      sessions.delete(id);
    };
    await server.connect(transport);
    sessions.set(id, { transport, lastSeen: Date.now(), active: 0 });
    transport.handlePost(request, response, messages, authInfoOf(principal));
  };

  const handleStateless = async (
    request: IncomingMessage,
    response: ServerResponse,
    messages: JSONRPCMessage[],
    principal: InboundPrincipal | undefined,
  ) => {
    const server = options.createServer();
    const transport = createHttpSessionTransport({ maxInFlight: maxSessionCalls });
    // Closing when the response ends also aborts a call whose client went away.
    response.once('close', () => {
      void server.close();
    });
    await server.connect(transport);
    transport.handlePost(request, response, messages, authInfoOf(principal));
  };

  const http = createHttpServer({
    ...(options.headersTimeoutMs === undefined ? {} : { headersTimeoutMs: options.headersTimeoutMs }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    handler: (request, response) => {
      handle(request, response).catch((error: unknown) => {
        logger.error('mcp request failed', { expose: namespace, error });
        sendJsonRpcError(response, { status: 500, code: -32603, message: 'Internal server error' });
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      http.off('listening', onListening);
      reject(listenError(error, namespace, address, port));
    };
    const onListening = () => {
      http.off('error', onError);
      resolve();
    };
    http.once('error', onError);
    http.once('listening', onListening);
    http.listen(port, address);
  });
  http.on('error', (error) => logger.error('mcp listener error', { expose: namespace, error }));

  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - sessionIdleMs;
      for (const [id, session] of sessions) {
        if (session.active === 0 && session.lastSeen < cutoff) {
          sessions.delete(id);
          void session.transport.close();
        }
      }
    },
    Math.max(1_000, Math.min(60_000, Math.floor(sessionIdleMs / 4))),
  );
  sweep.unref();

  let listening: Promise<void> | undefined;
  const stopListening = () => {
    listening ??= new Promise<void>((resolve) => http.close(() => resolve()));
    return listening;
  };

  const bound = (http.address() as AddressInfo).port;
  const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return {
    url: `http://${host}:${bound}${MCP_PATH}`,
    port: bound,
    get sessionCount() {
      return sessions.size;
    },
    notifyListChanged: (kind) => {
      void modern?.then((handler) => {
        if (kind === 'tools') handler.notify.toolsChanged();
        else if (kind === 'prompts') handler.notify.promptsChanged();
        else handler.notify.resourcesChanged();
      });
    },
    stopAccepting: () => {
      accepting = false;
      void stopListening();
      http.closeIdleConnections();
    },
    close: async () => {
      accepting = false;
      clearInterval(sweep);
      const closed = stopListening();
      await Promise.allSettled([
        ...[...sessions.values()].map((session) => session.transport.close()),
        modern?.then((handler) => handler.close()),
      ]);
      sessions.clear();
      http.closeAllConnections();
      await closed;
    },
  };
}

// As random as a UUID: nginx's $request_id (32 hex digits) or a UUID.
const PROPOSED_SESSION_ID =
  /^(?:[0-9a-f]{32,64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

// `params` wraps the arguments (`{ name, arguments }`): one level more than the arguments may use.
const PARAMS_LIMITS = {
  maxDepth: DEFAULT_ARGUMENT_LIMITS.maxDepth + 1,
  maxKeys: DEFAULT_ARGUMENT_LIMITS.maxKeys + 16,
};

/**
 * Sizes params before the SDK parses them with zod (which walks every key): 200,000 argument keys
 * blocked the event loop for 1.5 s. The action checks its arguments the same way.
 */
function findOversizedParams(messages: JSONRPCMessage[]): string | undefined {
  for (const message of messages) {
    const params = (message as { params?: { arguments?: unknown } }).params;
    if (params === undefined) continue;
    const issue = checkArgumentShape(params.arguments) ?? checkArgumentShape(params, PARAMS_LIMITS);
    if (issue !== undefined) return issue.message;
  }
  return undefined;
}

/** `_meta` key whose presence makes a request a 2026-07-28 one (the SDK's envelope claim). */
const PROTOCOL_VERSION_META_KEY = 'io.modelcontextprotocol/protocolVersion';
const FIRST_MODERN_REVISION = '2026-07-28';

/**
 * The v2 SDK's era rule (`isLegacyRequest`), on the body we already parsed: a message whose
 * `params._meta` carries the protocol-version claim, or an `MCP-Protocol-Version` header naming
 * 2026-07-28 or later, goes to the 2026 leg, which answers malformed claims itself; all else
 * (initialize, claim-less requests, responses) is 2025-era session traffic.
 */
function claimsModernRevision(messages: JSONRPCMessage[], header: string | string[] | undefined): boolean {
  if (typeof header === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(header) && header >= FIRST_MODERN_REVISION)
    return true;
  for (const message of messages) {
    const meta = (message as { params?: { _meta?: unknown } }).params?._meta;
    if (typeof meta === 'object' && meta !== null && PROTOCOL_VERSION_META_KEY in meta) return true;
  }
  return false;
}

/** The method name first: the SDK's zod guard runs only on the rare initialize. */
function isInitialize(message: JSONRPCMessage): boolean {
  return 'method' in message && message.method === 'initialize' && isInitializeRequest(message);
}

function listenError(
  error: NodeJS.ErrnoException,
  namespace: string,
  address: string,
  port: number,
): NaftikoError {
  const where = `${address}:${port}`;
  const detail =
    error.code === 'EADDRINUSE'
      ? `port ${port} on ${address} is already in use; stop the other process or choose another port`
      : error.code === 'EACCES'
        ? `permission denied to listen on ${where}; choose a port above 1023`
        : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
          ? `address ${address} is not available on this machine; use 127.0.0.1 or an address of this host`
          : `cannot listen on ${where} (${error.code ?? error.message})`;
  return new NaftikoError('LISTEN_FAILED', `mcp expose "${namespace}" could not start: ${detail}.`, {
    cause: error,
    data: { type: 'mcp', namespace, address, port, reason: error.code },
  });
}
