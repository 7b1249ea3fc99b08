import { NaftikoError } from '@naftiko/core';

/** A resource path compiled once at load; `render` only looks values up and encodes them. */
export interface CompiledPath {
  /** Variable names in order of appearance (`{x}` and `{{x}}` alike). */
  readonly variables: readonly string[];
  render(resolve: (name: string) => unknown): string;
}

export interface CompilePathOptions {
  path: string;
  /** `namespace.operation`, for error messages and data. */
  operation: string;
}

// `{{ name }}` (the reference engine's Mustache form) and `{name}` (OpenAPI form, used by the
// community dialect; the reference engine sent it literally). Names may be dotted (`env.X`).
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_*.-]+)\s*\}\}|\{([A-Za-z0-9_*.-]+)\}/g;

/**
 * Compiles a consumed resource path. Every value becomes exactly ONE percent-encoded segment
 * (`encodeURIComponent`), so no argument can change the host, add segments, or start a query or
 * fragment; the reference engine substituted values unencoded. A missing, empty, `.` or `..` value
 * is a REQUEST_INVALID error naming the parameter: percent-encoding does not neutralise dot
 * segments, because WHATWG URL parsers and proxies treat `%2E%2E` as `..`.
 */
export function compilePath(options: CompilePathOptions): CompiledPath {
  const { path, operation } = options;
  const parts: Array<string | { name: string }> = [];
  const variables: string[] = [];
  let last = 0;
  for (const match of path.matchAll(PLACEHOLDER)) {
    const name = (match[1] ?? match[2]) as string;
    parts.push(path.slice(last, match.index), { name });
    variables.push(name);
    last = match.index + match[0].length;
  }
  parts.push(path.slice(last));
  const literal = parts.filter((part): part is string => typeof part === 'string');
  if (literal.some((text) => /[{}]/.test(text))) {
    throw new NaftikoError(
      'REQUEST_INVALID',
      `${operation}: the path '${path}' has an unbalanced '{' or '}'`,
      {
        data: { operation },
      },
    );
  }
  return {
    variables,
    render(resolve) {
      let out = '';
      for (const part of parts) {
        if (typeof part === 'string') {
          out += part;
          continue;
        }
        out += encodeSegment(part.name, resolve(part.name), operation);
      }
      return out;
    },
  };
}

function encodeSegment(name: string, value: unknown, operation: string): string {
  if (value === undefined || value === null) {
    throw invalid(operation, name, `the path parameter '${name}' is missing; pass it as an argument`);
  }
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    text = String(value);
  else
    throw invalid(
      operation,
      name,
      `the path parameter '${name}' must be a string or a number, not ${typeOf(value)}`,
    );
  if (text === '' || text === '.' || text === '..') {
    throw invalid(operation, name, `the path parameter '${name}' must not be ${JSON.stringify(text)}`);
  }
  return encodeURIComponent(text);
}

function invalid(operation: string, parameter: string, message: string): NaftikoError {
  return new NaftikoError('REQUEST_INVALID', `${operation}: ${message}`, { data: { operation, parameter } });
}

function typeOf(value: unknown): string {
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
