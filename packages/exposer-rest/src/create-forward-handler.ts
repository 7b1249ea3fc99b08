import { Readable, Transform } from 'node:stream';
import {
  type ExposerContext,
  type InboundAuth,
  NaftikoError,
  namedInConnection,
  withoutQueryKey,
} from '@naftiko/core';
import type { ForwardSpec } from '@naftiko/spec';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createProblem, sendProblem } from './problem.js';
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
  onError: (request: FastifyRequest, error: unknown) => void;
}

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
 */
export function createForwardHandler(options: CreateForwardHandlerOptions) {
  const { forward, context, prefix, bodyLimit, inboundCredential } = options;
  // The gateway's own credential authenticated the client to us; it is not the upstream's.
  const inboundHeader = inboundCredential?.in === 'header' ? inboundCredential.name : undefined;
  const inboundQuery = inboundCredential?.in === 'query' ? inboundCredential.name : undefined;
  const trusted = (forward.trustedHeaders ?? [])
    .map((name) => name.toLowerCase())
    .filter((name) => !HOP_BY_HOP.has(name) && name !== inboundHeader);

  return async function forwardHandler(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const consumer = context.consumer(forward.targetNamespace);
    if (!consumer?.doForward) {
      return sendProblem(
        reply,
        createProblem({
          status: 502,
          detail: `forward target '${forward.targetNamespace}' cannot forward requests`,
        }),
      );
    }
    const raw = request.raw.url ?? '/';
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
      return sendProblem(
        reply,
        createProblem({ status: 404, detail: `no route for ${request.method} ${rawPath}` }),
      );
    }
    if (path === '') path = '/';
    if (hasDotSegment(path)) {
      return sendProblem(
        reply,
        createProblem({ status: 400, detail: 'the forwarded path must not contain "." or ".." segments' }),
      );
    }
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > bodyLimit) {
      return sendProblem(
        reply,
        createProblem({ status: 413, detail: `the request body is larger than ${bodyLimit} bytes` }),
      );
    }

    const headers: Record<string, string | string[]> = {};
    for (const name of trusted) {
      const value = request.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    // RFC 9110 7.6.1: fields the client's Connection names belong to this hop only.
    const connection = request.headers.connection;
    if (connection !== undefined) for (const name of namedInConnection(connection)) delete headers[name];
    const body = request.body instanceof Readable ? request.body : undefined;
    if (body && request.headers['content-type']) headers['content-type'] = request.headers['content-type'];

    const limit = createLimit(bodyLimit);
    const controller = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    try {
      const response = await consumer.doForward(
        {
          method: request.method,
          path,
          search,
          headers,
          ...(body ? { body: body.pipe(limit.stream) } : {}),
        },
        { signal: controller.signal },
      );
      reply.code(response.status);
      for (const [name, value] of Object.entries(response.headers)) {
        if (!HOP_BY_HOP.has(name.toLowerCase()) || name.toLowerCase() === 'content-length')
          reply.header(name, value);
      }
      if (response.body === null) return reply.send();
      return reply.send(Readable.from(response.body, { objectMode: false }));
    } catch (error) {
      if (limit.exceeded()) {
        return sendProblem(
          reply,
          createProblem({ status: 413, detail: `the request body is larger than ${bodyLimit} bytes` }),
        );
      }
      options.onError(request, error);
      return sendProblem(reply, toProblem({ error, redactor: context.redactor }));
    }
  };
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
  for (const segment of path.split('/')) {
    const normalized = segment.replace(/%2e/gi, '.');
    if (normalized === '.' || normalized === '..') return true;
    if (/%2f|%5c|\\/i.test(segment) && /(^|%2f|%5c|\\)\.\.?($|%2f|%5c|\\)/i.test(normalized)) return true;
  }
  return false;
}
