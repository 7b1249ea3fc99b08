import { Readable } from 'node:stream';
import {
  type ForwardRequest,
  type ForwardResponse,
  type ForwardSink,
  type Redactor,
  type TemplateContext,
  withoutQueryKey,
} from '@naftiko/core';
import type { CompiledAuth } from './compile-auth.js';
import type { UpstreamPool } from './create-pool.js';
import type { DigestSession } from './digest-session.js';
import { encodeQueryString } from './encode-query-string.js';
import { redactBody } from './redact-body.js';
import { relayForward } from './relay-forward.js';
import { HOP_BY_HOP, withoutHopByHop } from './without-hop-by-hop.js';

export interface ForwardRequestOptions {
  pool: UpstreamPool;
  request: ForwardRequest;
  basePath: string;
  auth: CompiledAuth;
  digest: DigestSession | undefined;
  /** Credentials in forward mode can only come from bindings: there are no consumed parameters. */
  bindingContext: TemplateContext;
  /** The held credentials: redacted from the answer's headers and text body. */
  held: Redactor;
  /** naftiko's own OAuth access token (consumes oauth2), sent as `Authorization: Bearer`. */
  accessToken?: string;
  /** Until the response headers arrive; the body then streams as long as it lasts. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Write the answer here as it arrives (see `relayForward`: no Readable in between). */
  sink?: ForwardSink;
}

/**
 * REST forward mode: streams the request to `baseUri` + path and hands back status, headers and
 * the body stream (no size cap, no conversion; the exposer relays it), or, given a `sink`, writes
 * the answer into the stream the sink opens as it arrives. Held credentials are redacted from
 * the answer's headers and text body (then the sink gets the redacted body). The consumes
 * authentication replaces any credential the client sent; without one, the client's
 * `authorization` passes through if the exposer chose to forward it. Digest works pre-emptively
 * once a nonce is known (a streamed body cannot be replayed after a challenge).
 */
export async function forwardRequest(options: ForwardRequestOptions): Promise<ForwardResponse> {
  const {
    pool,
    request,
    basePath,
    auth,
    digest,
    bindingContext,
    held,
    timeoutMs,
    signal,
    sink,
    accessToken,
  } = options;
  const headers: Record<string, string | string[]> = {};
  for (const name in request.headers) {
    const lower = name.toLowerCase();
    if (!HOP_BY_HOP.has(lower)) headers[lower] = request.headers[name] as string | string[];
  }
  let search = request.search;
  if (auth.type === 'header') headers[auth.name] = auth.value.constant ?? auth.value.resolve(bindingContext);
  if (accessToken !== undefined) headers.authorization = `Bearer ${accessToken}`;
  if (auth.type === 'query') {
    // The held key is the only copy: a caller's own `key=` would otherwise ride along (and many
    // servers read the first one).
    search = withoutQueryKey(search, auth.name);
    const pair = encodeQueryString([
      { name: auth.name, value: auth.value.constant ?? auth.value.resolve(bindingContext) },
    ]);
    search += search === '' ? pair : `&${pair.slice(1)}`;
  }
  const path = `${basePath}${request.path.startsWith('/') ? '' : '/'}${request.path}${search}`;
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
  };
  if (sink !== undefined) {
    return relayForward({ pool, dispatch, sink, held, digest, ...(signal === undefined ? {} : { signal }) });
  }
  const response = await pool.request({ ...dispatch, ...(signal === undefined ? {} : { signal }) });
  if (digest !== undefined && response.statusCode === 401) digest.learn(response.headers['www-authenticate']);
  const responseHeaders = withoutHopByHop(response.headers, held);
  const body = await redactBody({ body: response.body, headers: responseHeaders, redactor: held });
  return {
    status: response.statusCode,
    headers: responseHeaders,
    body: Buffer.isBuffer(body) ? Readable.from([body], { objectMode: false }) : body,
  };
}
