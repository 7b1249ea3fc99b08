import { type ServerResponse, STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { ParameterIssue } from './build-operation-input.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem details object, with the extension members this exposer adds. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Every bad request parameter, for 400 answers to invalid input. */
  errors?: ParameterIssue[];
  /** The upstream API's own error type (e.g. `not_found_error`), when it gave one. */
  errorType?: string;
  /** The id in the `x-request-id` response header and in the logs. */
  requestId?: string;
  /** Sent as the `Retry-After` header too: when the client may try again (seconds or an HTTP date). */
  retryAfter?: string;
  /** 403 insufficient_scope: the OAuth scopes the call needs and the token lacks. */
  scopes?: readonly string[];
}

/** Options of {@link createProblem}. */
export interface CreateProblemOptions {
  status: number;
  detail: string;
  errors?: ParameterIssue[];
  errorType?: string;
  retryAfter?: string | undefined;
}

/** A problem with the standard title of its status and `type: about:blank` (RFC 9457 §4.2.1). */
export function createProblem({
  status,
  detail,
  errors,
  errorType,
  retryAfter,
}: CreateProblemOptions): Problem {
  const problem: Problem = { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
  if (errors !== undefined) problem.errors = errors;
  if (errorType !== undefined) problem.errorType = errorType;
  if (retryAfter !== undefined) problem.retryAfter = retryAfter;
  return problem;
}

/** Sends a problem as `application/problem+json`, stamped with the request id. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  problem.requestId = String(reply.request.id);
  if (problem.retryAfter !== undefined) reply.header('retry-after', problem.retryAfter);
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** Sends a problem on a bare node:http response, before fastify saw the request (no request id yet). */
export function sendRawProblem(response: ServerResponse, problem: Problem): void {
  const text = JSON.stringify(problem);
  response.writeHead(problem.status, {
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
