import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import {
  type ExposerContext,
  type ForwardSink,
  type InboundAuth,
  NaftikoError,
  namedInConnection,
  withoutQueryKey,
} from '@naftiko/core';
import type { ForwardSpec } from '@naftiko/spec';
import { createProblem, type Problem, sendRawProblem } from './problem.js';
import { REQUEST_ID_HEADER, SDK_REQUEST_ID_HEADER } from './request-id-headers.js';
import { toProblem } from './to-problem.js';

/** Options of {@link createForwardHandler}. */
export interface CreateForwardHandlerOptions {
  forward: ForwardSpec;
  context: ExposerContext;
  /** The resource path the forwarded sub-path starts after (no placeholders). */
  prefix: string;
  bodyLimit: number;
  /** Where the expose's own inbound credential travels: never forwarded upstream. */
  inboundCredential?: InboundAuth['credential'];
  /** Called when a request ends with an error, for the log. */
  onError: (request: IncomingMessage, requestId: string, error: unknown) => void;
  /** Called when the response is done, for the access log (none: nothing listens for it). */
  onDone?: (request: IncomingMessage, response: ServerResponse, requestId: string, startedAt: number) => void;
}

/** Answers one forwarded request on the bare node:http request and response. */
export type ForwardHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
) => Promise<void>;

// Never forwarded whatever `trustedHeaders` says: they describe this hop, not the request.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

/**
 * REST forward mode: the part of the URL after the resource path goes to the consumed API
 * (`baseUri` + rest + query) with the method and body unchanged. Only `trustedHeaders` are
 * copied from the client, plus `content-type` when there is a body (it describes the body, not
 * the caller); the consumer adds the upstream credentials. Bodies stream both ways; a client
 * that disconnects aborts the upstream exchange.
 *
 * It runs on node:http's request and response, outside fastify's per-request machinery (a relay
 * needs no parsing, validation or serialisation): the upstream answer is written straight into
 * the response as it arrives. The caller has run the Host guard and inbound authentication and
 * chosen the request id.
 */
export function createForwardHandler(options: CreateForwardHandlerOptions): ForwardHandler {
  const { forward, context, prefix, bodyLimit, inboundCredential } = options;
  // The gateway's own credential authenticated the client to us; it is not the upstream's.
  const inboundHeader = inboundCredential?.in === 'header' ? inboundCredential.name : undefined;
  const inboundQuery = inboundCredential?.in === 'query' ? inboundCredential.name : undefined;
  const trusted = (forward.trustedHeaders ?? [])
    .map((name) => name.toLowerCase())
    .filter((name) => !HOP_BY_HOP.has(name) && name !== inboundHeader);

  return async function forwardHandler(request, response, requestId) {
    const { onDone } = options;
    if (onDone !== undefined) {
      const startedAt = performance.now();
      response.once('finish', () => onDone(request, response, requestId, startedAt));
    }
    const consumer = context.consumer(forward.targetNamespace);
    if (!consumer?.doForward) {
      fail(
        response,
        requestId,
        createProblem({
          status: 502,
          detail: `forward target '${forward.targetNamespace}' cannot forward requests`,
        }),
      );
      return;
    }
    const raw = request.url ?? '/';
    const queryAt = raw.indexOf('?');
    const rawPath = queryAt === -1 ? raw : raw.slice(0, queryAt);
    const search =
      queryAt === -1
        ? ''
        : inboundQuery === undefined
          ? raw.slice(queryAt)
          : withoutQueryKey(raw.slice(queryAt), inboundQuery);
    let path = rawPath.slice(prefix.length);
    if (path !== '' && !path.startsWith('/')) {
      // `/apix` under a `/api` prefix is not a sub-path: the router should not have sent it here.
      fail(
        response,
        requestId,
        createProblem({ status: 404, detail: `no route for ${request.method} ${rawPath}` }),
      );
      return;
    }
    if (path === '') path = '/';
    if (hasDotSegment(path)) {
      fail(
        response,
        requestId,
        createProblem({ status: 400, detail: 'the forwarded path must not contain "." or ".." segments' }),
      );
      return;
    }
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > bodyLimit) {
      response.setHeader('connection', 'close');
      fail(
        response,
        requestId,
        createProblem({ status: 413, detail: `the request body is larger than ${bodyLimit} bytes` }),
      );
      return;
    }

    const headers: Record<string, string | string[]> = {};
    for (const name of trusted) {
      const value = request.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    // RFC 9110 7.6.1: fields the client's Connection names belong to this hop only.
    const connection = request.headers.connection;
    if (connection !== undefined) for (const name of namedInConnection(connection)) delete headers[name];
    const hasBody =
      request.headers['transfer-encoding'] !== undefined || (Number.isFinite(declared) && declared > 0);
    if (hasBody && request.headers['content-type']) headers['content-type'] = request.headers['content-type'];

    const limit = hasBody ? createLimit(bodyLimit) : undefined;
    try {
      await consumer.doForward(
        {
          method: request.method ?? 'GET',
          path,
          search,
          headers,
          ...(limit ? { body: request.pipe(limit.stream) } : {}),
        },
        // The response's own 'close' tells a hang-up (ResponseSink.onClose): no signal object.
        { sink: new ResponseSink(response, requestId) },
      );
    } catch (error) {
      if (response.headersSent) {
        // The upstream broke mid-body: cutting the connection is the only honest signal left.
        response.destroy();
        return;
      }
      if (limit?.exceeded()) {
        response.setHeader('connection', 'close');
        fail(
          response,
          requestId,
          createProblem({ status: 413, detail: `the request body is larger than ${bodyLimit} bytes` }),
        );
        return;
      }
      if (!response.destroyed) {
        options.onError(request, requestId, error);
        fail(response, requestId, toProblem({ error, redactor: context.redactor }));
      }
    }
  };
}

/**
 * Writes the upstream's status and headers with one `writeHead` (no `setHeader` per field: the
 * response keeps no header map), the request id first unless the upstream sent its own.
 */
class ResponseSink implements ForwardSink {
  constructor(
    private readonly response: ServerResponse,
    private readonly requestId: string,
  ) {}

  open({ status, headers }: { status: number; headers: Record<string, string | string[]> }): ServerResponse {
    const fields: (string | string[])[] = [];
    if (headers[REQUEST_ID_HEADER] === undefined) fields.push(REQUEST_ID_HEADER, this.requestId);
    if (headers[SDK_REQUEST_ID_HEADER] === undefined) fields.push(SDK_REQUEST_ID_HEADER, this.requestId);
    for (const name in headers) {
      const lower = name.toLowerCase();
      if (!HOP_BY_HOP.has(lower) || lower === 'content-length')
        fields.push(name, headers[name] as string | string[]);
    }
    return this.response.writeHead(status, fields as unknown as OutgoingHttpHeader[]);
  }

  onClose(listener: () => void): void {
    this.response.once('close', listener);
  }
}

/** A problem answer stamped with the request id (the success path sets it in `writeHead`). */
function fail(response: ServerResponse, requestId: string, problem: Problem): void {
  problem.requestId = requestId;
  response.setHeader(REQUEST_ID_HEADER, requestId);
  response.setHeader(SDK_REQUEST_ID_HEADER, requestId);
  sendRawProblem(response, problem);
}

// Counts streamed body bytes; past the limit the stream fails, which fails the upstream call.
function createLimit(limit: number): { stream: Transform; exceeded: () => boolean } {
  let total = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > limit)
        callback(new NaftikoError('REQUEST_INVALID', `the request body is larger than ${limit} bytes`));
      else callback(null, chunk);
    },
  });
  return { stream, exceeded: () => total > limit };
}

// Dot segments, also percent-encoded (`%2e%2E`), would let a client climb out of the base path
// once the upstream URL is normalised.
function hasDotSegment(path: string): boolean {
  // The usual path has no dot at all, encoded or not: no split, no regex.
  if (!path.includes('.') && !/%2e/i.test(path)) return false;
  for (const segment of path.split('/')) {
    const normalized = segment.replace(/%2e/gi, '.');
    if (normalized === '.' || normalized === '..') return true;
    if (/%2f|%5c|\\/i.test(segment) && /(^|%2f|%5c|\\)\.\.?($|%2f|%5c|\\)/i.test(normalized)) return true;
  }
  return false;
}
