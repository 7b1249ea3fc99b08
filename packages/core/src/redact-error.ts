import { NaftikoError } from './errors.js';
import type { Redactor } from './redact.js';

/**
 * The error with bound secrets removed from its message and data. A cause is kept only when it
 * carries no secret (causes are printed by loggers and error reporters).
 */
export function redactError(error: unknown, redactor: Redactor): unknown {
  if (redactor.size === 0) return error;
  if (error instanceof NaftikoError) {
    const message = redactor.redact(error.message);
    const data = redactor.redactValue(error.data);
    const cause = error.cause === undefined ? undefined : redactCause(error.cause, redactor);
    if (
      message === error.message &&
      cause === error.cause &&
      JSON.stringify(data) === JSON.stringify(error.data)
    ) {
      return error;
    }
    const copy = new NaftikoError(error.code, message, { data, ...(cause === undefined ? {} : { cause }) });
    if (error.stack) copy.stack = redactor.redact(error.stack);
    return copy;
  }
  return redactCause(error, redactor);
}

function redactCause(cause: unknown, redactor: Redactor): unknown {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? redactor.redact(cause) : cause;
  const message = redactor.redact(cause.message);
  if (message === cause.message && redactor.redact(cause.stack ?? '') === (cause.stack ?? '')) return cause;
  const copy = new Error(message);
  copy.name = cause.name;
  copy.stack = redactor.redact(cause.stack ?? '');
  return copy;
}
