import { randomUUID } from 'node:crypto';
import { createInboundAuth, type ExposerContext, type RestParameterPlan } from '@naftiko/core';
import type { ExposesRestSpec } from '@naftiko/spec';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { buildOperationInput, type ParameterLocation } from './build-operation-input.js';
import { createForwardHandler } from './create-forward-handler.js';
import { createOperationHandler } from './create-operation-handler.js';
import { buildOpenApiDocument } from './openapi/build-openapi-document.js';
import { parseQueryString } from './parse-query-string.js';
import { planParametersOf } from './plan-parameters-of.js';
import { OPENAPI_PATH, planRestRoutes } from './plan-rest-routes.js';
import { createProblem, sendProblem } from './problem.js';
import { toProblem } from './to-problem.js';

/** Options of {@link buildRestApp}. */
export interface BuildRestAppOptions {
  expose: ExposesRestSpec;
  context: ExposerContext;
  /** Largest accepted request body in bytes (JSON and forwarded alike); default 1 MiB. */
  bodyLimit?: number;
  /** Interval of SSE heartbeat comments in ms; default 15 000, 0 disables them. */
  heartbeatMs?: number;
}

export const REQUEST_ID_HEADER = 'x-request-id';
// The same id under the name Anthropic-style SDKs read into `error.requestID`, so a client's
// error report can be matched with the gateway log.
const SDK_REQUEST_ID_HEADER = 'request-id';
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

  const app = Fastify({
    logger: false,
    bodyLimit,
    // Open SSE streams would otherwise hold `close()` until clients leave.
    forceCloseConnections: true,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers[REQUEST_ID_HEADER];
      return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { querystringParser: parseQueryString, maxParamLength: 512 },
    ajv: {
      customOptions: { allErrors: true, coerceTypes: 'array', useDefaults: false, removeAdditional: false },
    },
  });

  const logError = (request: FastifyRequest, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | null)?.code;
    // A client that went away is not a server failure.
    const level = code === 'ABORTED' ? 'debug' : 'error';
    context.logger[level](`${place}: ${request.method} ${request.routeOptions.url ?? ''} failed`, {
      requestId: request.id,
      ...(typeof code === 'string' ? { code } : {}),
      error: context.redactor.redact(message),
    });
  };

  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    reply.header(SDK_REQUEST_ID_HEADER, request.id);
    if (authenticator && !authenticator.verify(request)) {
      reply.header('www-authenticate', authenticator.challenge);
      sendProblem(reply, createProblem({ status: 401, detail: 'missing or invalid credentials' }));
      return;
    }
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    context.logger.info(`${place} ${request.method} ${request.url.split('?')[0]} ${reply.statusCode}`, {
      requestId: request.id,
      durationMs: Math.round(reply.elapsedTime),
    });
    done();
  });
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
      handler: createOperationHandler({ action, input, context, heartbeatMs, locations, onError: logError }),
    });
  }

  if (plan.forwards.length > 0) {
    app.register(async (scope) => {
      // Forwarded bodies are streamed to the upstream untouched: no parsing, whatever the type.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
      for (const forward of plan.forwards) {
        const handler = createForwardHandler({
          forward: forward.forward,
          context,
          prefix: forward.prefix,
          bodyLimit,
          onError: logError,
        });
        const all = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
        const atPrefix = all.filter((method) => !forward.ownMethods.includes(method));
        if (atPrefix.length > 0) scope.route({ method: [...atPrefix], url: forward.prefix || '/', handler });
        scope.route({ method: [...all], url: `${forward.prefix}/*`, handler });
      }
    });
  }

  const openApi = JSON.stringify(
    buildOpenApiDocument({
      expose,
      ...(context.capability.document.info ? { info: context.capability.document.info } : {}),
      isStreaming: (planned) => streaming.get(planned.operationId) ?? false,
      planParameters: (planned) => parameterPlans.get(planned.operationId) as RestParameterPlan,
    }),
  );
  app.get(OPENAPI_PATH, (_request, reply) => {
    reply.type('application/json').send(openApi);
  });
  return app;
}
