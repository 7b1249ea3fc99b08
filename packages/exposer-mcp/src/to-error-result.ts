import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type ArgumentIssue, isNaftikoError, type NaftikoError } from '@naftiko/core';

/** What a failed tool call reports: the result the model sees, plus fields for the call log. */
export interface ToolFailure {
  result: CallToolResult;
  outcome: 'invalid-arguments' | 'upstream-error' | 'error' | 'aborted';
  status?: number;
  code?: string;
}

function errorResult(text: string, meta?: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text }],
    isError: true,
    ...(meta === undefined ? {} : { _meta: meta }),
  };
}

/** Argument problems as a tool execution error the model can act on, one line per field. */
export function invalidArgumentsResult(tool: string, issues: readonly ArgumentIssue[]): ToolFailure {
  const lines = issues.map((issue) => `- ${issue.message}`);
  return {
    result: errorResult(
      `Invalid arguments for tool "${tool}":\n${lines.join('\n')}\nFix these arguments and call the tool again.`,
      {
        'io.naftiko/issues': issues.map(({ field, keyword, message }) => ({ field, keyword, message })),
      },
    ),
    outcome: 'invalid-arguments',
    code: 'INVALID_ARGUMENTS',
  };
}

const UPSTREAM_CODES = new Set([
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNREACHABLE',
  'UPSTREAM_RESPONSE_TOO_LARGE',
  'UPSTREAM_BAD_RESPONSE',
]);

/**
 * A failed action as a tool result (`isError: true`): upstream answers carry their status, error
 * type and message; an unreachable upstream says so; an unexpected failure says only that it
 * happened (the details go to the log, never to the client). NaftikoError messages are already
 * redacted by core.
 */
export function toErrorResult(tool: string, error: unknown): ToolFailure {
  if (!isNaftikoError(error)) {
    return {
      result: errorResult(`Tool "${tool}" failed with an internal error; see the server log.`),
      outcome: 'error',
    };
  }
  if (error.code === 'INVALID_ARGUMENTS') {
    const issues = (error.data.issues ?? []) as ArgumentIssue[];
    return invalidArgumentsResult(tool, issues);
  }
  if (error.code === 'REQUEST_INVALID') {
    // Built from the arguments and refused here (a header value HTTP forbids, a value too deep):
    // the model can fix the call, as with invalid arguments. Nothing reached the upstream.
    return {
      result: errorResult(`Invalid arguments for tool "${tool}": ${error.message}`, {
        'io.naftiko/error': { code: error.code },
      }),
      outcome: 'invalid-arguments',
      code: error.code,
    };
  }
  if (error.code === 'UPSTREAM_STATUS') return upstreamStatusResult(error);
  if (UPSTREAM_CODES.has(error.code)) {
    return {
      result: errorResult(`Upstream unavailable: ${error.message}`, {
        'io.naftiko/error': { code: error.code },
      }),
      outcome: 'upstream-error',
      code: error.code,
    };
  }
  if (error.code === 'RATE_LIMITED' || error.code === 'CIRCUIT_OPEN') {
    // Nothing reached the upstream: the model should wait `retryAfter` seconds, not rephrase.
    const retryAfter = error.data.retryAfter ?? 1;
    return {
      result: errorResult(`${error.message}`, {
        'io.naftiko/error': { code: error.code, retryAfter },
      }),
      outcome: 'error',
      code: error.code,
    };
  }
  if (error.code === 'BUSY') {
    return {
      result: errorResult(`Server busy: ${error.message}`, {
        'io.naftiko/error': { code: error.code, retryAfter: error.data.retryAfter ?? 1 },
      }),
      outcome: 'error',
      code: error.code,
    };
  }
  if (error.code === 'ABORTED') {
    return { result: errorResult(`Tool "${tool}" was aborted.`), outcome: 'aborted', code: error.code };
  }
  return {
    result: errorResult(error.message, { 'io.naftiko/error': { code: error.code } }),
    outcome: 'error',
    code: error.code,
  };
}

function upstreamStatusResult(error: NaftikoError): ToolFailure {
  const { status, errorType, message, operation, retryAfter } = error.data as {
    status?: number;
    errorType?: string;
    message?: string;
    operation?: string;
    retryAfter?: string;
  };
  const parts = [`Upstream error: HTTP ${status ?? '?'}`];
  if (errorType) parts.push(` ${errorType}`);
  parts.push(message ? `: ${message}` : '.');
  if (operation) parts.push(` (operation ${operation})`);
  return {
    result: errorResult(parts.join(''), {
      'io.naftiko/upstream': {
        status,
        ...(errorType === undefined ? {} : { errorType }),
        ...(operation === undefined ? {} : { operation }),
        // The upstream's Retry-After (429, 503), so an agent can wait before calling again.
        ...(retryAfter === undefined ? {} : { retryAfter }),
      },
    }),
    outcome: 'upstream-error',
    ...(typeof status === 'number' ? { status } : {}),
    code: error.code,
  };
}
