import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createHostGuard,
  createHttpServer,
  createInboundAuth,
  type ExposerContext,
  findConsumedOperation,
  type HttpServerTimeouts,
  type InboundVerdict,
  missingScopes,
  type RequestTracker,
  type RestParameterPlan,
  silentLogger,
} from '@naftiko/core';
import type { ExposesRestSpec } from '@naftiko/spec';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { buildOperationInput, type ParameterLocation } from './build-operation-input.js';
import { createForwardHandler, type ForwardHandler } from './create-forward-handler.js';
import { createOperationHandler } from './create-operation-handler.js';
import { buildOpenApiDocument } from './openapi/build-openapi-document.js';
import { parseQueryString } from './parse-query-string.js';
import { planParametersOf } from './plan-parameters-of.js';
import { OPENAPI_PATH, planRestRoutes } from './plan-rest-routes.js';
import { createProblem, sendProblem, sendRawProblem } from './problem.js';
import { REQUEST_ID_HEADER, SDK_REQUEST_ID_HEADER } from './request-id-headers.js';
import { toProblem } from './to-problem.js';

/** Options of {@link buildRestApp}. */
export interface BuildRestAppOptions extends HttpServerTimeouts {
  expose: ExposesRestSpec;
  context: ExposerContext;
  /** The address the app will listen on, for the Host check; default the expose's, else 127.0.0.1. */
  address?: string;
  /** Names answered besides the loopback names (`--allowed-host`), see core's `createHostGuard`. */
  allowedHosts?: readonly string[];
  /** Counts requests in flight for a graceful stop; while it is closing, new requests get 503. */
  tracker?: RequestTracker;
  /** Largest accepted request body in bytes (JSON and forwarded alike); default 1 MiB. */
  bodyLimit?: number;
  /** Interval of SSE heartbeat comments in ms; default 15 000, 0 disables them. */
  heartbeatMs?: number;
}

export { REQUEST_ID_HEADER } from './request-id-headers.js';

// A client-chosen request id is reused (to correlate logs across hops) only if it is short and
// plain; anything else could forge log lines or bloat them.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Builds the fastify application of one rest expose without listening, so tests can `inject()`
 * and `createRestExposer` can listen where the capability says. Everything is decided here,
 * once: the route table, one compiled validator per request part, one action per operation,
 * the authenticator with its rendered secrets, and the OpenAPI description served at
 * `/openapi.json`. Throws a NaftikoError naming the place when the expose cannot be served.
 */
export function buildRestApp(options: BuildRestAppOptions): FastifyInstance {
  const { expose, context } = options;
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const place = `rest "${expose.namespace}"`;
  const plan = planRestRoutes(expose);
  const authenticator = expose.authentication
    ? createInboundAuth({
        authentication: expose.authentication,
        compileTemplate: context.compileTemplate,
        bindings: context.bindings,
        place,
      })
    : undefined;

  // x-naftiko-resilience.rateLimit: per caller (client address by default), before any work.
  const limiter = context.inboundLimiter(expose);
  const callerOf = (request: IncomingMessage) => ({
    headers: request.headers,
    ...(request.socket.remoteAddress === undefined ? {} : { remoteAddress: request.socket.remoteAddress }),
  });

  const guard = createHostGuard({
    address: options.address ?? expose.address ?? '127.0.0.1',
    ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
  });
  const { tracker } = options;
  const requestIdOf = (request: IncomingMessage): string => {
    const given = request.headers[REQUEST_ID_HEADER];
    return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
  };
  // The access log is at info level: below the logger's threshold (the engine's default is
  // warn), nothing listens for the end of a request. A disabled level is the silent logger's
  // no-op function itself (core's loggers hand it out, the redacting one included).
  const accessLogged = context.logger.info !== silentLogger.info;
  const logAccess = (method: string, url: string, status: number, requestId: string, durationMs: number) => {
    context.logger.info(`${place} ${method} ${url.split('?')[0]} ${status}`, {
      requestId,
      durationMs: Math.round(durationMs),
    });
  };
  // Forward routes whose paths no operation shares skip fastify on a real socket (filled below).
  const rawForwards: RawForward[] = [];

  const app = Fastify({
    logger: false,
    bodyLimit,
    // Our node:http server: slowloris timeouts, and the same-origin guard and the stop tracker in
    // front of fastify's routing (`inject()` bypasses it, so tests of the guard use a socket).
    serverFactory: (handler) =>
      createHttpServer({
        ...(options.headersTimeoutMs === undefined ? {} : { headersTimeoutMs: options.headersTimeoutMs }),
        ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
        handler: (request, response) => {
          const refusal = guard.check(request);
          if (refusal !== undefined) {
            sendRawProblem(response, createProblem({ status: refusal.status, detail: refusal.message }));
            return;
          }
          if (tracker !== undefined) {
            if (tracker.closing) {
              response.setHeader('connection', 'close');
              sendRawProblem(response, createProblem({ status: 503, detail: 'the server is shutting down' }));
              return;
            }
            tracker.track(response);
          }
          const forward = rawForwards.length === 0 ? undefined : matchForward(rawForwards, request);
          if (forward === undefined) {
            handler(request, response);
            return;
          }
          // The handler stamps the request id on its answer (one writeHead on success).
          const requestId = requestIdOf(request);
          // The relay writes the request ids with the upstream's headers, in one writeHead.
          if (authenticator === undefined) {
            runForward(forward, request, response, requestId);
            return;
          }
          const verdict = authenticator.authenticate(request);
          const proceed = (settled: InboundVerdict) => {
            if (settled.ok) {
              runForward(forward, request, response, requestId);
              return;
            }
            response.setHeader(REQUEST_ID_HEADER, requestId);
            response.setHeader(SDK_REQUEST_ID_HEADER, requestId);
            response.setHeader('www-authenticate', settled.challenge);
            const problem = createProblem({ status: settled.status, detail: refusalDetail(settled) });
            problem.requestId = requestId;
            sendRawProblem(response, problem);
          };
          if (verdict instanceof Promise) verdict.then(proceed, (error: Error) => response.destroy(error));
          else proceed(verdict);
        },
      }),
    // Open SSE streams would otherwise hold `close()` until clients leave (a graceful stop drains
    // through the tracker first).
    forceCloseConnections: true,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: requestIdOf,
    routerOptions: { querystringParser: parseQueryString, maxParamLength: 512 },
    ajv: {
      customOptions: { allErrors: true, coerceTypes: 'array', useDefaults: false, removeAdditional: false },
    },
  });

  const runForward = (
    forward: RawForward,
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
  ): void => {
    (limiter === undefined
      ? forward.handle(request, response, requestId)
      : limiter.check(callerOf(request)).then(() => forward.handle(request, response, requestId))
    ).catch((error: unknown) => {
      // The handler answers its own failures; this is a bug's last stop, not a crash.
      logFailure(request.method ?? 'GET', `${forward.prefix}/*`, requestId, error);
      if (!response.headersSent) {
        const problem = toProblem({ error, redactor: context.redactor });
        problem.requestId = requestId;
        response.setHeader(REQUEST_ID_HEADER, requestId);
        response.setHeader(SDK_REQUEST_ID_HEADER, requestId);
        sendRawProblem(response, problem);
      } else response.destroy();
    });
  };

  const logFailure = (method: string, route: string, requestId: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    // A client that went away is not a server failure.
    const level = code === 'ABORTED' ? 'debug' : 'error';
    context.logger[level](`${place}: ${method} ${route} failed`, {
      requestId,
      ...(typeof code === 'string' ? { code } : {}),
      error: context.redactor.redact(message),
    });
  };
  const logError = (request: FastifyRequest, error: unknown) =>
    logFailure(request.method, request.routeOptions.url ?? '', String(request.id), error);

  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    reply.header(SDK_REQUEST_ID_HEADER, request.id);
    // Inbound rate limits count only callers the authentication let in.
    const admit = () => {
      if (limiter === undefined) done();
      else
        limiter.check(callerOf(request.raw)).then(
          () => done(),
          (error: unknown) => sendProblem(reply, toProblem({ error, redactor: context.redactor })),
        );
    };
    if (authenticator === undefined) {
      admit();
      return;
    }
    const config = request.routeOptions.config as RouteAuthConfig;
    if (config.public === true) {
      admit();
      return;
    }
    const decide = (verdict: InboundVerdict) => {
      if (!verdict.ok) {
        reply.header('www-authenticate', verdict.challenge);
        sendProblem(reply, createProblem({ status: verdict.status, detail: refusalDetail(verdict) }));
        return;
      }
      const lacking = missingScopes(config.scopes, verdict.principal);
      if (lacking.length > 0 && authenticator.insufficientScope !== undefined) {
        reply.header('www-authenticate', authenticator.insufficientScope(lacking));
        const problem = createProblem({
          status: 403,
          detail: `insufficient_scope: this operation needs the scope${lacking.length === 1 ? '' : 's'} ${lacking.join(' ')}`,
        });
        problem.scopes = lacking;
        sendProblem(reply, problem);
        return;
      }
      admit();
    };
    const verdict = authenticator.authenticate(request);
    if (verdict instanceof Promise) verdict.then(decide, done);
    else decide(verdict);
  });
  // RFC 9728 metadata of an oauth2 expose, readable without a token.
  for (const [path, text] of authenticator?.wellKnown ?? []) {
    app.get(path, { config: { public: true } satisfies RouteAuthConfig }, (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300').type('application/json; charset=utf-8').send(text);
    });
  }
  if (accessLogged) {
    app.addHook('onResponse', (request, reply, done) => {
      logAccess(request.method, request.url, reply.statusCode, String(request.id), reply.elapsedTime);
      done();
    });
  }
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem({ error, redactor: context.redactor });
    if (problem.status >= 500) logError(request, error);
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      createProblem({ status: 404, detail: `no route for ${request.method} ${request.url.split('?')[0]}` }),
    ),
  );

  const streaming = new Map<string, boolean>();
  const parameterPlans = new Map<string, RestParameterPlan>();
  for (const planned of plan.operations) {
    // The action sees resource-level parameters too, so it validates what the route reads.
    const action = context.createAction(
      { ...planned.operation, inputParameters: planned.parameters },
      { exposeNamespace: expose.namespace, name: planned.operationId },
    );
    streaming.set(planned.operationId, action.streaming);
    const parameterPlan = planParametersOf(planned, action);
    parameterPlans.set(planned.operationId, parameterPlan);
    const input = buildOperationInput({
      plan: parameterPlan,
      route: planned.route,
      compileTemplate: context.compileTemplate,
      bindings: context.bindings,
      exposeNamespace: expose.namespace,
      place: planned.place,
    });
    const locations = new Map<string, ParameterLocation>();
    for (const parameter of parameterPlan.parameters) locations.set(parameter.name, parameter.in);
    app.route({
      method: planned.method,
      url: planned.route.url,
      schema: input.schema,
      attachValidation: true,
      // A body schema that accepts null covers "no body": the validator never sees undefined.
      ...(input.optionalBody
        ? {
            preValidation: (request: FastifyRequest, _reply: unknown, done: () => void) => {
              if (request.body === undefined) request.body = null;
              done();
            },
          }
        : {}),
      ...(planned.operation.scopes === undefined
        ? {}
        : { config: { scopes: planned.operation.scopes } satisfies RouteAuthConfig }),
      handler: createOperationHandler({ action, input, context, heartbeatMs, locations, onError: logError }),
    });
  }

  if (plan.forwards.length > 0) {
    const operationUrls = plan.operations.map((planned) => planned.route.url);
    app.register(async (scope) => {
      // Forwarded bodies are streamed to the upstream untouched: no parsing, whatever the type.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
      for (const forward of plan.forwards) {
        const handle = createForwardHandler({
          forward: forward.forward,
          context,
          prefix: forward.prefix,
          bodyLimit,
          ...(authenticator === undefined ? {} : { inboundCredential: authenticator.credential }),
          onError: (request, requestId, error) =>
            logFailure(request.method ?? 'GET', `${forward.prefix}/*`, requestId, error),
          ...(accessLogged
            ? {
                onDone: (
                  request: IncomingMessage,
                  response: ServerResponse,
                  requestId: string,
                  startedAt: number,
                ) =>
                  logAccess(
                    request.method ?? 'GET',
                    request.url ?? '/',
                    response.statusCode,
                    requestId,
                    performance.now() - startedAt,
                  ),
              }
            : {}),
        });
        const atPrefix = FORWARD_METHODS.filter((method) => !forward.ownMethods.includes(method));
        // The same handler behind fastify, for `inject()` and for prefixes an operation shares.
        const handler = (request: FastifyRequest, reply: FastifyReply) => {
          reply.hijack();
          return handle(request.raw, reply.raw, String(request.id));
        };
        if (atPrefix.length > 0) scope.route({ method: [...atPrefix], url: forward.prefix || '/', handler });
        scope.route({ method: [...FORWARD_METHODS], url: `${forward.prefix}/*`, handler });
        const shared = operationUrls.some(
          (url) => url === forward.prefix || url.startsWith(`${forward.prefix}/`),
        );
        if (forward.prefix !== '' && !shared && !OPENAPI_PATH.startsWith(`${forward.prefix}/`))
          rawForwards.push({ prefix: forward.prefix, atPrefix: new Set(atPrefix), handle });
      }
    });
  }

  const openApi = JSON.stringify(
    buildOpenApiDocument({
      expose,
      ...(context.capability.document.info ? { info: context.capability.document.info } : {}),
      isStreaming: (planned) => streaming.get(planned.operationId) ?? false,
      planParameters: (planned) => parameterPlans.get(planned.operationId) as RestParameterPlan,
      consumedOutputs: (planned) =>
        planned.operation.call === undefined
          ? undefined
          : findConsumedOperation(context.capability, planned.operation.call)?.operation.outputParameters,
    }),
  );
  app.get(OPENAPI_PATH, (_request, reply) => {
    reply.type('application/json').send(openApi);
  });
  return app;
}

const FORWARD_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** What a route tells the authentication hook (fastify route `config`). */
interface RouteAuthConfig {
  /** Answered without credentials (the RFC 9728 metadata). */
  public?: boolean;
  /** OAuth scopes a token needs (operation extension `scopes`). */
  scopes?: readonly string[];
}

function refusalDetail(verdict: InboundVerdict & { ok: false }): string {
  return verdict.detail ?? 'missing or invalid credentials';
}

interface RawForward {
  prefix: string;
  /** Methods forwarded at the prefix itself (the resource's own operations take the others). */
  atPrefix: ReadonlySet<string>;
  handle: ForwardHandler;
}

/** The forward route a request goes to, decided as fastify's routes for it would. */
function matchForward(forwards: readonly RawForward[], request: IncomingMessage): RawForward | undefined {
  const url = request.url ?? '/';
  const method = request.method ?? 'GET';
  for (const forward of forwards) {
    if (!url.startsWith(forward.prefix)) continue;
    const next = url.charCodeAt(forward.prefix.length);
    // '/' below the prefix; end or '?' at the prefix itself.
    if (next === 47) return (FORWARD_METHODS as readonly string[]).includes(method) ? forward : undefined;
    if (Number.isNaN(next) || next === 63) return forward.atPrefix.has(method) ? forward : undefined;
  }
  return undefined;
}
