import type { EventEmitter } from 'node:events';
import {
  type ConsumerCreateOptions,
  type ConsumerInstance,
  type ConsumerRequest,
  type ConsumerResponse,
  type ConsumerV1,
  createRedactor,
  createTemplateContext,
  NaftikoError,
  type Redactor,
  type RetryPolicy,
  resolveOperationResilience,
  resolveUpstreamResilience,
  type TokenSource,
} from '@naftiko/core';
import type { Dispatcher } from 'undici';
import { checkHeader } from './check-header.js';
import { collectHeldSecrets } from './collect-held-secrets.js';
import { compileAuth } from './compile-auth.js';
import { type BuiltRequest, type CompiledOperation, compileOperation } from './compile-operation.js';
import {
  type AbortReason,
  type CallControl,
  type CallDeadlines,
  createCallDeadlines,
} from './create-call-deadlines.js';
import { type ConsumerLoad, createConsumerLoad } from './create-consumer-load.js';
import { createLazyImport } from './create-lazy-import.js';
import type { UpstreamPool } from './create-pool.js';
import { createDigestSession, type DigestSession } from './digest-session.js';
import { forwardRequest } from './forward-request.js';
import type { HttpConsumerSettings } from './http-consumer-settings.js';
import { readUpstreamResponse } from './read-upstream-response.js';
import { resolveBaseUri } from './resolve-base-uri.js';
import { isRetryable, retryDelay } from './retry-delay.js';
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
  /**
   * Most upstream calls in flight at once over every namespace (a stream counts until it
   * closes); more fail at once with BUSY instead of queueing. Default 256.
   */
  maxConcurrentCalls?: number;
  /**
   * Most bytes of upstream bodies being read and parsed at once over every namespace; an answer
   * that would pass it fails with BUSY. At least `maxResponseBytes`. Default 64 MiB.
   */
  maxBufferedBytes?: number;
  /**
   * Load undici only on the first call instead of while the engine starts. For a start that
   * never calls (`naftiko validate`'s dry run); a server would pay the load on its first call.
   */
  lazyPool?: boolean;
  /** Draws the retry jitter, in [0, 1). Default `Math.random`; tests pass their own. */
  random?: () => number;
  /**
   * Waits between retries. Default a timer; tests pass one that records the delay and resolves
   * at once. The call's deadline and the caller's cancellation cut any wait short either way.
   */
  delay?: (ms: number) => Promise<void>;
}

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
    maxConcurrentCalls = 256,
    maxBufferedBytes = 64 * 1024 * 1024,
    lazyPool = false,
    random = Math.random,
    delay,
  } = options;
  const settings: HttpConsumerSettings = { connectTimeoutMs, timeoutMs, maxResponseBytes, maxErrorBodyBytes };
  // One load for every namespace this consumer serves: the limits are the process's.
  const load = createConsumerLoad({
    maxCalls: maxConcurrentCalls,
    maxBufferedBytes: Math.max(maxBufferedBytes, maxResponseBytes),
  });
  return {
    specificationVersion: 'v1',
    type: 'http',
    doCreate(createOptions) {
      if (!lazyPool) poolModule.preload();
      return createInstance(createOptions, settings, load, {
        connections,
        keepAliveTimeoutMs,
        env,
        random,
        ...(delay === undefined ? {} : { delay }),
      });
    },
  };
}

function createInstance(
  options: ConsumerCreateOptions,
  settings: HttpConsumerSettings,
  load: ConsumerLoad,
  poolOptions: {
    connections: number;
    keepAliveTimeoutMs: number;
    env: Record<string, string | undefined>;
    random: () => number;
    delay?: (ms: number) => Promise<void>;
  },
): ConsumerInstance {
  const { consumes, compileTemplate, bindings, redactor, logger } = options;
  const { namespace } = consumes;
  const bindingContext = createTemplateContext({ bindings });
  const base = parseBaseUri(
    resolveBaseUri({ baseUri: consumes.baseUri, namespace, compileTemplate, bindingContext }),
    namespace,
  );
  const auth = compileAuth({
    authentication: consumes.authentication as { type: string } | undefined,
    namespace,
    compileTemplate,
    bindingContext,
  });
  // What the upstream must never hand back to a caller (an echo endpoint, an error page).
  const heldSecrets = collectHeldSecrets({
    authentication: consumes.authentication as { type: string } | undefined,
    auth,
    headers: consumes.headers,
    compileTemplate,
    bindingContext,
  });
  let held = createRedactor({ values: heldSecrets });
  // An oauth2 access token is held too, from the moment it is fetched until it is replaced.
  let heldToken: string | undefined;
  const bearer = async (tokens: TokenSource): Promise<string> => {
    const token = await tokens.get();
    if (token !== heldToken) {
      heldToken = token;
      held = createRedactor({ values: [...heldSecrets, token] });
    }
    return token;
  };
  const staticHeaders = Object.entries(consumes.headers ?? {}).map(([name, value]) => {
    checkHeader({ operation: `consumes "${namespace}" headers`, name, value: '' });
    return [
      name.toLowerCase(),
      compileTemplate(String(value), { mode: 'text', place: `consumes "${namespace}" headers.${name}` }),
    ] as const;
  });
  const mapErrorFor =
    (target: string, timeoutMs: number) =>
    (error: unknown, abortReason: AbortReason | undefined): NaftikoError =>
      redactError(
        toUpstreamError(error, {
          operation: target,
          origin: base.origin,
          ...(abortReason === undefined ? {} : { abortReason }),
          timeoutMs,
          connectTimeoutMs: settings.connectTimeoutMs,
        }),
        redactor,
      );
  // One clock per distinct total timeout (x-naftiko-resilience timeoutMs): each keeps its calls
  // in deadline order, which a shared list would lose with budgets of different lengths.
  const deadlinesByTimeout = new Map<number, CallDeadlines>();
  const deadlinesFor = (timeoutMs: number): CallDeadlines => {
    let deadlines = deadlinesByTimeout.get(timeoutMs);
    if (deadlines === undefined) {
      deadlines = createCallDeadlines({ timeoutMs });
      deadlinesByTimeout.set(timeoutMs, deadlines);
    }
    return deadlines;
  };
  const operations = new Map<string, OperationEntry>();
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
      const compiled = compileOperation({
        consumes,
        resource,
        operation,
        basePath: base.path,
        staticHeaders,
        auth,
        compileTemplate,
        env: poolOptions.env,
        bindingsFlat: bindings.flat,
      });
      const policy = resolveOperationResilience(consumes, operation);
      const timeoutMs = policy.timeoutMs ?? settings.timeoutMs;
      operations.set(operation.name, {
        compiled,
        mapError: mapErrorFor(compiled.target, timeoutMs),
        settings: timeoutMs === settings.timeoutMs ? settings : { ...settings, timeoutMs },
        deadlines: deadlinesFor(timeoutMs),
        ...(policy.retry === undefined ? {} : { retry: policy.retry }),
      });
    }
  }
  const digest: DigestSession | undefined =
    auth.type === 'digest'
      ? createDigestSession({ username: auth.username, password: auth.password })
      : undefined;
  // Opened on the first call: its options are checked above (base URI) or are the process's, so
  // creating it cannot fail, and loading undici would slow every start (validate's dry run too).
  let pool: UpstreamPool | undefined;
  const openPool = async (target: string): Promise<UpstreamPool> => {
    const { createPool } = await poolModule.load();
    if (closed) throw closedError(target);
    pool ??= createPool({
      origin: base.origin,
      connections: poolOptions.connections,
      keepAliveTimeoutMs: poolOptions.keepAliveTimeoutMs,
      connectTimeoutMs: settings.connectTimeoutMs,
      headersTimeoutMs: Math.max(...deadlinesByTimeout.keys(), forwardTimeoutMs, settings.timeoutMs),
    });
    return pool;
  };
  let closed = false;
  // Forwarded requests have no operation: the consumes entry's x-naftiko-resilience timeout applies.
  const forwardTimeoutMs = resolveUpstreamResilience(consumes).timeoutMs ?? settings.timeoutMs;

  /** The wait before the next attempt, or undefined when this failure ends the call. */
  const nextRetry = (
    policy: RetryPolicy,
    attempt: number,
    failure: NaftikoError,
    control: CallControl,
  ): number | undefined => {
    // Never after the caller cancelled or the deadline passed, nor for what a retry cannot fix.
    if (attempt >= policy.maxAttempts || control.aborted || !isRetryable(failure)) return undefined;
    const retryAfter = typeof failure.data.retryAfter === 'string' ? failure.data.retryAfter : undefined;
    const wait = retryDelay({
      policy,
      retry: attempt,
      random: poolOptions.random,
      ...(retryAfter === undefined ? {} : { retryAfter }),
    });
    // A retry that could not finish before the call's deadline only delays the failure.
    if (wait === undefined || performance.now() + wait >= control.deadline) return undefined;
    return wait;
  };

  const sendOnce = (
    upstream: UpstreamPool,
    built: BuiltRequest,
    headers: Record<string, string>,
    control: CallControl,
  ) =>
    new Promise<Dispatcher.ResponseData>((resolve, reject) => {
      // undici only marks a request still queued for a connection as aborted; settling here
      // too makes the deadline and the caller's signal hold while it waits for one.
      control.settleOnAbort(reject);
      upstream.request(
        {
          method: built.method as 'GET',
          path: built.path,
          headers,
          body: built.body ?? null,
          // undici watches EventEmitter-shaped signals (on/once/removeListener, aborted, reason).
          signal: control as unknown as EventEmitter,
        },
        (error, data) => (error === null ? resolve(data) : reject(error)),
      );
    });

  const sendWithDigest = async (
    upstream: UpstreamPool,
    session: DigestSession,
    built: BuiltRequest,
    request: ConsumerRequest,
    control: CallControl,
  ): Promise<Dispatcher.ResponseData> => {
    const authorize = () =>
      session.authorize({
        method: built.method,
        uri: built.path,
        context: request.templateContext,
        ...(built.body === undefined ? {} : { body: built.body }),
      });
    const authorization = authorize();
    const response = await sendOnce(
      upstream,
      built,
      authorization === undefined ? built.headers : { ...built.headers, authorization },
      control,
    );
    if (response.statusCode !== 401 || !session.learn(response.headers['www-authenticate'])) return response;
    // Retry once with the new challenge (first contact, or a stale/rotated nonce).
    await response.body.dump();
    const retryAuthorization = authorize();
    return sendOnce(
      upstream,
      built,
      retryAuthorization === undefined
        ? built.headers
        : { ...built.headers, authorization: retryAuthorization },
      control,
    );
  };

  // A 401 with a token that should be valid (revoked, keys rotated): one new token, one retry.
  const sendWithToken = async (
    upstream: UpstreamPool,
    tokens: TokenSource,
    built: BuiltRequest,
    control: CallControl,
  ): Promise<Dispatcher.ResponseData> => {
    const token = await bearer(tokens);
    const response = await sendOnce(
      upstream,
      built,
      { ...built.headers, authorization: `Bearer ${token}` },
      control,
    );
    if (response.statusCode !== 401) return response;
    await response.body.dump();
    tokens.invalidate(token);
    const fresh = await bearer(tokens);
    return sendOnce(upstream, built, { ...built.headers, authorization: `Bearer ${fresh}` }, control);
  };

  return {
    namespace,
    async doInvoke(request, invokeOptions): Promise<ConsumerResponse> {
      const entry = operations.get(request.operation);
      if (entry === undefined) {
        throw new NaftikoError(
          'UNKNOWN_OPERATION',
          `consumes "${namespace}" has no operation '${request.operation}'; known: ${[...operations.keys()].join(', ') || 'none'}`,
          { data: { target: `${namespace}.${request.operation}` } },
        );
      }
      const target = entry.compiled.target;
      if (closed) throw closedError(target);
      const callerSignal = invokeOptions.signal;
      if (callerSignal?.aborted) {
        throw new NaftikoError('ABORTED', `${target}: the call was aborted by the caller`, {
          data: { operation: target },
        });
      }
      const { compiled } = entry;
      // Building the request is local work: what fails there is the caller's input, not the upstream.
      let built: BuiltRequest;
      try {
        built = compiled.build(request);
      } catch (error) {
        throw entry.mapError(buildFailure(compiled, error), undefined);
      }
      const upstream = pool ?? (await openPool(target));
      load.enter(target);
      const control = entry.deadlines.start(callerSignal, load.done);
      for (let attempt = 1; ; attempt++) {
        try {
          const answer = await (digest !== undefined
            ? sendWithDigest(upstream, digest, built, request, control)
            : auth.type === 'oauth2'
              ? sendWithToken(upstream, auth.tokens, built, control)
              : sendOnce(upstream, built, built.headers, control));
          const response = await readUpstreamResponse({
            response: answer,
            operation: target,
            format: compiled.format,
            settings: entry.settings,
            control,
            load,
            held,
            mapError: entry.mapError,
          });
          // A stream releases its control when it closes; anything else is done here.
          if (response.body.type !== 'stream') control.release();
          return response;
        } catch (error) {
          const failure = entry.mapError(error, control.abortReason);
          const wait =
            entry.retry === undefined ? undefined : nextRetry(entry.retry, attempt, failure, control);
          if (wait === undefined) {
            control.release();
            throw failure;
          }
          try {
            await waitOrAbort(wait, control, poolOptions.delay);
          } catch {
            // The deadline or the caller ended the wait: the call fails as that, not as the attempt.
            control.release();
            throw entry.mapError(abortErrorOf(control), control.abortReason);
          }
        }
      }
    },
    async doForward(request, forwardOptions) {
      if (closed) throw closedError(`${namespace} (forward)`);
      const upstream = pool ?? (await openPool(`${namespace} (forward)`));
      try {
        const accessToken = auth.type === 'oauth2' ? await bearer(auth.tokens) : undefined;
        return await forwardRequest({
          ...(accessToken === undefined ? {} : { accessToken }),
          pool: upstream,
          request,
          basePath: base.path,
          auth,
          digest,
          bindingContext,
          held,
          timeoutMs: forwardTimeoutMs,
          ...(forwardOptions.signal === undefined ? {} : { signal: forwardOptions.signal }),
          ...(forwardOptions.sink === undefined ? {} : { sink: forwardOptions.sink }),
        });
      } catch (error) {
        throw redactError(
          toUpstreamError(error, {
            operation: `${namespace} (forward)`,
            origin: base.origin,
            ...(forwardOptions.signal?.aborted ? { abortReason: 'caller' as const } : {}),
            timeoutMs: forwardTimeoutMs,
            connectTimeoutMs: settings.connectTimeoutMs,
          }),
          redactor,
        );
      }
    },
    async doClose() {
      if (closed) return;
      closed = true;
      for (const deadlines of deadlinesByTimeout.values()) deadlines.close();
      if (pool === undefined) return;
      // Let in-flight calls finish briefly; open streams would hold close() forever.
      const graceful = pool.close();
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 1000, 'timeout').unref());
      if ((await Promise.race([graceful, timeout])) === 'timeout') await pool.destroy();
    },
  };
}

/** Waits `ms` (or the injected delay), rejecting at once when the call's control aborts. */
function waitOrAbort(ms: number, control: CallControl, delay?: (ms: number) => Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      if (timer !== undefined) clearTimeout(timer);
    };
    const done = () => {
      control.removeListener('abort', onAbort);
      resolve();
    };
    control.settleOnAbort(reject);
    if (control.aborted) return;
    control.once('abort', onAbort);
    if (delay === undefined) timer = setTimeout(done, ms);
    else delay(ms).then(done, reject);
  });
}

/** What a wait cut short by the control is reported as (mapped with the control's abortReason). */
function abortErrorOf(control: CallControl): Error {
  const error = new Error(control.abortReason === 'timeout' ? 'the call timed out' : 'the call was aborted');
  error.name = 'AbortError';
  return error;
}

// undici's Pool and request path: loaded once, by the first call of any namespace.
const poolModule = createLazyImport(() => import('./create-pool.js'));

interface OperationEntry {
  compiled: CompiledOperation;
  /** Maps what a call of this operation threw to its redacted NaftikoError. */
  mapError(error: unknown, abortReason: AbortReason | undefined): NaftikoError;
  /** The consumer's settings with this operation's total timeout. */
  settings: HttpConsumerSettings;
  /** The clock of calls with this operation's total timeout. */
  deadlines: CallDeadlines;
  /** Present when the operation is retried (idempotent, x-naftiko-resilience retry). */
  retry?: RetryPolicy;
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

/** What building a request threw, as the caller's problem (e.g. a value too deep to serialise). */
function buildFailure(compiled: CompiledOperation, error: unknown): NaftikoError {
  if (error instanceof NaftikoError) return error;
  return new NaftikoError(
    'REQUEST_INVALID',
    `${compiled.target}: the request cannot be built from these arguments (${error instanceof Error ? error.message : String(error)})`,
    { cause: error, data: { operation: compiled.target } },
  );
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
