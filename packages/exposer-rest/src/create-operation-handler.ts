import type { Action, ExposerContext } from '@naftiko/core';
import type { FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type {
  OperationInput,
  ParameterIssue,
  ParameterLocation,
  SchemaPart,
} from './build-operation-input.js';
import { createProblem, sendProblem } from './problem.js';
import { sendActionResult } from './send-action-result.js';
import { toProblem } from './to-problem.js';
import { watchHangup } from './watch-hangup.js';

/** Options of {@link createOperationHandler}. */
export interface CreateOperationHandlerOptions {
  action: Action;
  input: OperationInput;
  context: ExposerContext;
  heartbeatMs: number;
  /** Where each declared parameter lives, to place argument issues the action reports. */
  locations: ReadonlyMap<string, ParameterLocation>;
  /** Called when a request ends with an error, for the log. */
  onError: (request: FastifyRequest, error: unknown) => void;
}

const PARTS: readonly SchemaPart[] = ['params', 'body', 'querystring', 'headers'];

/**
 * The request path of one operation: fastify has validated and coerced the request by the time
 * this runs (with `attachValidation`, so all bad parameters can be reported at once, not only
 * those of the first failing part); it reads the arguments, runs the action (with a signal tied
 * to the client connection) and writes the result or a problem.
 */
export function createOperationHandler(options: CreateOperationHandlerOptions) {
  const { action, input, context, heartbeatMs, locations } = options;
  const describeStreamError = (error: unknown) => toProblem({ error, redactor: context.redactor, locations });

  return async function operationHandler(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    if (request.validationError) return sendInvalid(request, reply, collectIssues(request, input));
    const cookieIssues = input.checkCookies(request);
    if (cookieIssues.length > 0) return sendInvalid(request, reply, cookieIssues);

    // A client that goes away cancels its call, so its upstream request is closed at once
    // instead of holding a connection (and a slot) until the consumer's timeout.
    const signal = watchHangup(reply.raw);
    try {
      const result = await action.run(input.read(request), { signal });
      return sendActionResult({ reply, result, heartbeatMs, describeStreamError });
    } catch (error) {
      options.onError(request, error);
      return sendProblem(reply, toProblem({ error, redactor: context.redactor, locations }));
    }
  };
}

function sendInvalid(_request: FastifyRequest, reply: FastifyReply, issues: ParameterIssue[]): FastifyReply {
  const detail = `invalid request: ${issues.map((issue) => `${issue.in} parameter '${issue.name}' ${issue.detail}`).join('; ')}`;
  return sendProblem(reply, createProblem({ status: 400, detail, errors: issues }));
}

// Fastify stops at the first failing part; run the other parts' compiled validators too so the
// answer names every bad parameter.
function collectIssues(request: FastifyRequest, input: OperationInput): ParameterIssue[] {
  const error = request.validationError as
    | (Error & { validation?: FastifySchemaValidationError[]; validationContext?: string })
    | undefined;
  const issues: ParameterIssue[] = [];
  const failed = error?.validationContext as SchemaPart | undefined;
  if (failed && error?.validation) issues.push(...input.describe(failed, error.validation));
  else if (error) issues.push({ name: failed ?? 'request', in: 'body', detail: error.message });
  for (const part of PARTS) {
    if (part === failed) continue;
    const validate = request.getValidationFunction(part);
    if (typeof validate !== 'function') continue;
    if (validate(dataOf(request, part)) === false)
      issues.push(...input.describe(part, validate.errors ?? []));
  }
  issues.push(...input.checkCookies(request));
  return issues;
}

function dataOf(request: FastifyRequest, part: SchemaPart): unknown {
  switch (part) {
    case 'params':
      return request.params;
    case 'body':
      return request.body;
    case 'querystring':
      return request.query;
    case 'headers':
      return request.headers;
  }
}
