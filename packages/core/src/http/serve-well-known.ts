/**
 * The documents an inbound authentication publishes (RFC 9728 protected resource metadata),
 * answered before the credentials are checked: a client reads them to learn how to get some.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InboundAuth } from '../inbound-verdict.js';

/** Answers `request` and returns true when it asks for one of `auth`'s well-known documents. */
export function serveWellKnown(
  auth: InboundAuth | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  const documents = auth?.wellKnown;
  if (documents === undefined) return false;
  const url = request.url ?? '/';
  if (!url.startsWith('/.well-known/')) return false;
  const query = url.indexOf('?');
  const text = documents.get(query === -1 ? url : url.slice(0, query));
  if (text === undefined) return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  response.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'public, max-age=300',
  });
  response.end(request.method === 'HEAD' ? undefined : text);
  return true;
}
