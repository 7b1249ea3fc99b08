import type { IncomingHttpHeaders } from 'node:http';
import type { QueryMultiMap } from './parse-query.js';

/** One request as it reached the sandbox, for tests to assert exactly what went upstream. */
export interface RecordedRequest {
  method: string;
  /** The path without the query, exactly as sent (not percent-decoded). */
  path: string;
  /** The query, percent-decoded, every key with all its values in order (`statuses[]` stays a key). */
  query: QueryMultiMap;
  /** Header names lower-cased; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The raw body text; '' when there was none or it was over the size cap (413). */
  body: string;
  /** The body parsed as JSON; undefined when empty or not valid JSON. */
  json: unknown;
  /** RFC 3339 time at which the body had been read. */
  receivedAt: string;
}

export function createRecordedRequest(options: {
  method: string;
  path: string;
  query: QueryMultiMap;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: options.method,
    path: options.path,
    query: options.query,
    headers,
    body: options.body,
    json: options.json,
    receivedAt: new Date().toISOString(),
  };
}
