import { Readable, type Writable } from 'node:stream';
import type { ForwardRequest, ForwardResponse, ForwardSink, TemplateContext } from '@naftiko/core';
import type { CompiledAuth } from './compile-auth.js';
import type { UpstreamPool } from './create-pool.js';
import type { DigestSession } from './digest-session.js';
import { encodeQueryString } from './encode-query-string.js';

export interface ForwardRequestOptions {
  pool: UpstreamPool;
  request: ForwardRequest;
  basePath: string;
  auth: CompiledAuth;
  digest: DigestSession | undefined;
  /** Credentials in forward mode can only come from bindings: there are no consumed parameters. */
  bindingContext: TemplateContext;
  /** Until the response headers arrive; the body then streams as long as it lasts. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Write the answer here as it arrives (undici's `stream`, no Readable in between). */
  sink?: ForwardSink;
}

// RFC 9110 section 7.6.1: connection-specific fields are never forwarded; `host` is set by undici
// for the upstream origin.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/**
 * REST forward mode: streams the request to `baseUri` + path and hands back status, headers and
 * the body stream untouched (no size cap, no conversion; the exposer relays it), or, given a
 * `sink`, writes the answer into the stream the sink opens as it arrives. The consumes
 * authentication replaces any credential the client sent; without one, the client's
 * `authorization` passes through if the exposer chose to forward it. Digest works pre-emptively
 * once a nonce is known (a streamed body cannot be replayed after a challenge).
 */
export async function forwardRequest(options: ForwardRequestOptions): Promise<ForwardResponse> {
  const { pool, request, basePath, auth, digest, bindingContext, timeoutMs, signal, sink } = options;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (!HOP_BY_HOP.has(lower)) headers[lower] = value;
  }
  let path = `${basePath}${request.path.startsWith('/') ? '' : '/'}${request.path}${request.search}`;
  if (auth.type === 'header') headers[auth.name] = auth.value.constant ?? auth.value.resolve(bindingContext);
  if (auth.type === 'query') {
    const pair = encodeQueryString([
      { name: auth.name, value: auth.value.constant ?? auth.value.resolve(bindingContext) },
    ]);
    path += request.search === '' ? pair : `&${pair.slice(1)}`;
  }
  if (digest !== undefined) {
    const authorization = digest.authorize({ method: request.method, uri: path, context: bindingContext });
    if (authorization !== undefined) headers.authorization = authorization;
  }
  const dispatch = {
    method: request.method as 'GET',
    path,
    headers,
    body: request.body === undefined ? null : Readable.from(request.body, { objectMode: false }),
    headersTimeout: timeoutMs,
    // A forwarded body may legitimately pause (long polling, streams): no idle limit on it.
    bodyTimeout: 0,
    ...(signal === undefined ? {} : { signal }),
  };
  if (sink !== undefined) {
    let head: ForwardResponse = { status: 0, headers: {}, body: null };
    await pool.stream(dispatch, ({ statusCode, headers: upstreamHeaders }) => {
      if (digest !== undefined && statusCode === 401) digest.learn(upstreamHeaders['www-authenticate']);
      head = { status: statusCode, headers: withoutHopByHop(upstreamHeaders), body: null };
      return sink.open(head) as Writable;
    });
    return head;
  }
  const response = await pool.request(dispatch);
  if (digest !== undefined && response.statusCode === 401) digest.learn(response.headers['www-authenticate']);
  return { status: response.statusCode, headers: withoutHopByHop(response.headers), body: response.body };
}

function withoutHopByHop(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}
