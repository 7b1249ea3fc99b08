import {
  type ConsumerCreateOptions,
  type ConsumerInstance,
  type ConsumerRequest,
  type ConsumerResponse,
  type ConsumerV1,
  createTemplateContext,
  NaftikoError,
  type Redactor,
} from '@naftiko/core';
import { Pool } from 'undici';
import { checkHeader } from './check-header.js';
import { compileAuth } from './compile-auth.js';
import { type BuiltRequest, type CompiledOperation, compileOperation } from './compile-operation.js';
import { createDigestSession, type DigestSession } from './digest-session.js';
import { forwardRequest } from './forward-request.js';
import { readUpstreamResponse } from './read-upstream-response.js';
import { toUpstreamError } from './to-upstream-error.js';

export interface HttpConsumerOptions {
  /** Time to establish a TCP/TLS connection. Default 10 s. */
  connectTimeoutMs?: number;
  /** Time for a whole call, connect to last body byte (streams: until the headers). Default 60 s. */
  timeoutMs?: number;
  /** Largest response body (and largest single SSE event) accepted. Default 10 MiB. */
  maxResponseBytes?: number;
  /** How much of an error body is read for the error message. Default 64 KiB. */
  maxErrorBodyBytes?: number;
  /** Keep-alive connections per consumes namespace. Default 128. */
  connections?: number;
  /** How long an idle keep-alive connection is kept. Default 30 s. */
  keepAliveTimeoutMs?: number;
  /** Fallback for `in: environment` parameters that no bind provides. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Resolved options as the request path uses them. */
export interface HttpConsumerSettings {
  connectTimeoutMs: number;
  timeoutMs: number;
  maxResponseBytes: number;
  maxErrorBodyBytes: number;
}

type UndiciResponse = Awaited<ReturnType<Pool['request']>>;

/**
 * The `type: http` consumer: consumed operations become HTTP requests on an undici keep-alive
 * pool per consumes namespace. Everything that can be is compiled in `doCreate`; `doInvoke` only
 * fills values in, sends, and converts the answer.
 */
export function createHttpConsumer(options: HttpConsumerOptions = {}): ConsumerV1 {
  const {
    connectTimeoutMs = 10_000,
    timeoutMs = 60_000,
    maxResponseBytes = 10 * 1024 * 1024,
    maxErrorBodyBytes = 64 * 1024,
    connections = 128,
    keepAliveTimeoutMs = 30_000,
    env = process.env,
  } = options;
  const settings: HttpConsumerSettings = { connectTimeoutMs, timeoutMs, maxResponseBytes, maxErrorBodyBytes };
  return {
    specificationVersion: 'v1',
    type: 'http',
    doCreate(createOptions) {
      return createInstance(createOptions, settings, { connections, keepAliveTimeoutMs, env });
    },
  };
}

function createInstance(
  options: ConsumerCreateOptions,
  settings: HttpConsumerSettings,
  poolOptions: { connections: number; keepAliveTimeoutMs: number; env: Record<string, string | undefined> },
): ConsumerInstance {
  const { consumes, compileTemplate, bindings, redactor, logger } = options;
  const { namespace } = consumes;
  const base = parseBaseUri(consumes.baseUri, namespace);
  const bindingContext = createTemplateContext({ bindings });
  const auth = compileAuth({
    authentication: consumes.authentication as { type: string } | undefined,
    namespace,
    compileTemplate,
    bindingContext,
  });
  const staticHeaders = Object.entries(consumes.headers ?? {}).map(([name, value]) => {
    checkHeader({ operation: `consumes "${namespace}" headers`, name, value: '' });
    return [
      name.toLowerCase(),
      compileTemplate(String(value), { mode: 'text', place: `consumes "${namespace}" headers.${name}` }),
    ] as const;
  });
  const operations = new Map<string, CompiledOperation>();
  for (const resource of consumes.resources ?? []) {
    for (const operation of resource.operations) {
      // The reference engine looks operations up by name across all resources: first one wins.
      if (operations.has(operation.name)) {
        logger.warn(
          `consumes "${namespace}": operation '${operation.name}' is declared twice; the first one is used`,
          {
            namespace,
            operation: operation.name,
            resource: resource.name,
          },
        );
        continue;
      }
      operations.set(
        operation.name,
        compileOperation({
          consumes,
          resource,
          operation,
          basePath: base.path,
          staticHeaders,
          auth,
          compileTemplate,
          env: poolOptions.env,
          bindingsFlat: bindings.flat,
        }),
      );
    }
  }
  const digest: DigestSession | undefined =
    auth.type === 'digest'
      ? createDigestSession({ username: auth.username, password: auth.password })
      : undefined;
  const pool = new Pool(base.origin, {
    connections: poolOptions.connections,
    keepAliveTimeout: poolOptions.keepAliveTimeoutMs,
    connect: { timeout: settings.connectTimeoutMs },
    headersTimeout: settings.timeoutMs,
  });
  let closed = false;

  const send = async (
    built: BuiltRequest,
    request: ConsumerRequest,
    signal: AbortSignal,
  ): Promise<UndiciResponse> => {
    let headers = built.headers;
    const authorization = digest?.authorize({
      method: built.method,
      uri: built.path,
      context: request.templateContext,
      ...(built.body === undefined ? {} : { body: built.body }),
    });
    if (authorization !== undefined) headers = { ...headers, authorization };
    const response = await pool.request({
      method: built.method as 'GET',
      path: built.path,
      headers,
      body: built.body ?? null,
      signal,
    });
    if (digest === undefined || response.statusCode !== 401) return response;
    if (!digest.learn(response.headers['www-authenticate'])) return response;
    // Retry once with the new challenge (first contact, or a stale/rotated nonce).
    await response.body.dump();
    const retryAuthorization = digest.authorize({
      method: built.method,
      uri: built.path,
      context: request.templateContext,
      ...(built.body === undefined ? {} : { body: built.body }),
    });
    return pool.request({
      method: built.method as 'GET',
      path: built.path,
      headers: {
        ...built.headers,
        ...(retryAuthorization === undefined ? {} : { authorization: retryAuthorization }),
      },
      body: built.body ?? null,
      signal,
    });
  };

  return {
    namespace,
    async doInvoke(request, invokeOptions): Promise<ConsumerResponse> {
      const operation = operations.get(request.operation);
      if (operation === undefined) {
        throw new NaftikoError(
          'UNKNOWN_OPERATION',
          `consumes "${namespace}" has no operation '${request.operation}'; known: ${[...operations.keys()].join(', ') || 'none'}`,
          { data: { target: `${namespace}.${request.operation}` } },
        );
      }
      if (closed) throw closedError(operation.target);
      const callerSignal = invokeOptions.signal;
      if (callerSignal?.aborted) {
        throw new NaftikoError('ABORTED', `${operation.target}: the call was aborted by the caller`, {
          data: { operation: operation.target },
        });
      }
      const controller = new AbortController();
      let abortReason: 'timeout' | 'caller' | undefined;
      const onCallerAbort = () => {
        abortReason ??= 'caller';
        controller.abort();
      };
      callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
      const timer = setTimeout(() => {
        abortReason ??= 'timeout';
        controller.abort();
      }, settings.timeoutMs);
      let streaming = false;
      const release = () => callerSignal?.removeEventListener('abort', onCallerAbort);
      const mapError = (error: unknown) =>
        redactError(
          toUpstreamError(error, {
            operation: operation.target,
            origin: base.origin,
            ...(abortReason === undefined ? {} : { abortReason }),
            timeoutMs: settings.timeoutMs,
            connectTimeoutMs: settings.connectTimeoutMs,
          }),
          redactor,
        );
      try {
        const built = await operation.build(request);
        const response = await send(built, request, controller.signal);
        const result = await readUpstreamResponse({
          response,
          operation: operation.target,
          format: operation.format,
          settings,
          mapStreamError: mapError,
          onStreamStart: () => {
            // A stream lives as long as its reader wants: the total timeout stops here, the
            // caller's signal keeps aborting it until it closes.
            streaming = true;
            clearTimeout(timer);
          },
          onStreamClose: release,
        });
        return result;
      } catch (error) {
        throw mapError(error);
      } finally {
        clearTimeout(timer);
        if (!streaming) release();
      }
    },
    async doForward(request, forwardOptions) {
      if (closed) throw closedError(`${namespace} (forward)`);
      try {
        return await forwardRequest({
          pool,
          request,
          basePath: base.path,
          auth,
          digest,
          bindingContext,
          timeoutMs: settings.timeoutMs,
          ...(forwardOptions.signal === undefined ? {} : { signal: forwardOptions.signal }),
        });
      } catch (error) {
        throw redactError(
          toUpstreamError(error, {
            operation: `${namespace} (forward)`,
            origin: base.origin,
            ...(forwardOptions.signal?.aborted ? { abortReason: 'caller' as const } : {}),
            timeoutMs: settings.timeoutMs,
            connectTimeoutMs: settings.connectTimeoutMs,
          }),
          redactor,
        );
      }
    },
    async doClose() {
      if (closed) return;
      closed = true;
      // Let in-flight calls finish briefly; open streams would hold close() forever.
      const graceful = pool.close();
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 1000, 'timeout').unref());
      if ((await Promise.race([graceful, timeout])) === 'timeout') await pool.destroy();
    },
  };
}

function parseBaseUri(baseUri: string, namespace: string): { origin: string; path: string } {
  let url: URL;
  try {
    url = new URL(baseUri);
  } catch {
    throw new NaftikoError('REQUEST_INVALID', `consumes "${namespace}": baseUri '${baseUri}' is not a URL`, {
      data: { operation: namespace },
    });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new NaftikoError(
      'REQUEST_INVALID',
      `consumes "${namespace}": baseUri '${baseUri}' must be http(s)://host[:port][/path] without query or fragment`,
      { data: { operation: namespace } },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new NaftikoError(
      'REQUEST_INVALID',
      `consumes "${namespace}": baseUri must not carry credentials; use authentication with a bind`,
      { data: { operation: namespace } },
    );
  }
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, '') };
}

function closedError(target: string): NaftikoError {
  return new NaftikoError('ENGINE_NOT_STARTED', `${target}: the consumer is closed`, {
    data: { operation: target },
  });
}

/** Error messages and data may echo what went upstream or came back: strip bound secrets. */
function redactError(error: NaftikoError, redactor: Redactor): NaftikoError {
  if (redactor.size === 0) return error;
  const message = redactor.redact(error.message);
  const data = redactor.redactValue(error.data);
  if (message === error.message && JSON.stringify(data) === JSON.stringify(error.data)) return error;
  return new NaftikoError(error.code, message, {
    data,
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  });
}
