import { type ArgumentIssue, isNaftikoError, type Redactor } from '@naftiko/core';
import type { ParameterLocation } from './build-operation-input.js';
import { createProblem, type Problem } from './problem.js';

/** Options of {@link toProblem}. */
export interface ToProblemOptions {
  error: unknown;
  redactor: Redactor;
  /** Where each declared parameter of the operation lives, to place argument issues. */
  locations?: ReadonlyMap<string, ParameterLocation>;
}

/**
 * Translates a failure into the problem the client sees. Upstream answers keep their status and
 * carry the upstream error type and message; an upstream that does not answer in time is 504,
 * one that cannot be reached or answers garbage is 502. Framework errors that are the client's
 * fault (bad JSON, body too large, wrong media type) keep their 4xx status and safe message.
 * Anything else is a 500 whose detail says nothing about internals: the log has the rest.
 */
export function toProblem({ error, redactor, locations }: ToProblemOptions): Problem {
  if (isNaftikoError(error)) {
    const data = error.data;
    switch (error.code) {
      case 'UPSTREAM_STATUS': {
        const status =
          typeof data.status === 'number' && data.status >= 400 && data.status <= 599 ? data.status : 502;
        const detail =
          typeof data.message === 'string' && data.message !== ''
            ? data.message
            : `the upstream API answered ${status}`;
        const errorType = typeof data.errorType === 'string' ? data.errorType : undefined;
        return createProblem({
          status,
          detail: redactor.redact(detail),
          ...(errorType ? { errorType } : {}),
          retryAfter: typeof data.retryAfter === 'string' ? data.retryAfter : undefined,
        });
      }
      case 'BUSY':
        return createProblem({
          status: 503,
          detail: redactor.redact(error.message),
          retryAfter: String(data.retryAfter ?? 1),
        });
      case 'RATE_LIMITED':
        return createProblem({
          status: 429,
          detail: redactor.redact(error.message),
          retryAfter: String(data.retryAfter ?? 1),
        });
      case 'CIRCUIT_OPEN':
        return createProblem({
          status: 503,
          detail: redactor.redact(error.message),
          retryAfter: String(data.retryAfter ?? 1),
        });
      case 'UPSTREAM_TIMEOUT':
        return createProblem({ status: 504, detail: 'the upstream API did not answer in time' });
      case 'UPSTREAM_UNREACHABLE':
        return createProblem({ status: 502, detail: 'the upstream API could not be reached' });
      case 'UPSTREAM_RESPONSE_TOO_LARGE':
        return createProblem({ status: 502, detail: 'the upstream response exceeded the size limit' });
      case 'UPSTREAM_BAD_RESPONSE':
        return createProblem({ status: 502, detail: 'the upstream response could not be read' });
      case 'INVALID_ARGUMENTS': {
        const issues = Array.isArray(data.issues) ? (data.issues as ArgumentIssue[]) : [];
        return createProblem({
          status: 400,
          detail:
            issues.length > 0
              ? `invalid request: ${issues.map((issue) => `${issue.field || 'request'} ${issue.message}`).join('; ')}`
              : 'invalid request',
          errors: issues.map((issue) => {
            const name = issue.field.split('.')[0] || 'request';
            return { name, in: locations?.get(name) ?? 'body', detail: issue.message };
          }),
        });
      }
      case 'REQUEST_INVALID':
      case 'TEMPLATE_MISSING_VARIABLE':
        return createProblem({ status: 400, detail: redactor.redact(error.message) });
      case 'ABORTED':
        return createProblem({ status: 499, detail: 'the client closed the request' });
      default:
        return createProblem({
          status: 500,
          detail: 'the operation failed; see the server log for this request id',
        });
    }
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return createProblem({ status, detail: redactor.redact((error as Error).message) });
  }
  return createProblem({
    status: 500,
    detail: 'the operation failed; see the server log for this request id',
  });
}
