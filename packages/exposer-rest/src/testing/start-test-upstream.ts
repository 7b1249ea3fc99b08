import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpstreamRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestUpstream {
  url: string;
  requests: UpstreamRequest[];
  /** Resolves when the client of `/events/stream` closes its connection. */
  streamClosed: Promise<void>;
  /** `GET /slow` requests whose connection is still open. */
  readonly slowOpen: number;
  /** Bytes of `GET /bytes/{n}` answers handed to the socket so far (it waits for 'drain'). */
  readonly bytesSent: number;
  close(): Promise<void>;
}

/**
 * A small real HTTP upstream for exposer tests (port 0, loopback):
 * - `GET /items/{id}` echoes the id, query and auth header as JSON;
 * - `POST /items` answers 201 with the JSON body it received;
 * - `GET /fail/{status}` answers that status with an Anthropic-style error envelope (429 and 503
 *   with `Retry-After: 7`);
 * - `GET /slow` never answers; `GET /text` answers text/plain;
 * - `GET /events/stream` sends three `tick` events 20 ms apart, then ends if `?end=1`, else
 *   stays open until the client leaves (`streamClosed`);
 * - `GET /bytes/{n}` answers n bytes (`byteAt`) with a content-length, as octet-stream or, with
 *   `?text=1`, text/plain, respecting backpressure (`bytesSent` counts what it wrote);
 * - anything under `/proxy/` echoes method, path, query, headers and body (forward tests).
 */
export async function startTestUpstream(): Promise<TestUpstream> {
  const requests: UpstreamRequest[] = [];
  let markStreamClosed: () => void = () => {};
  const streamClosed = new Promise<void>((resolve) => {
    markStreamClosed = resolve;
  });
  let slowOpen = 0;
  let bytesSent = 0;
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://upstream');
    requests.push({
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      headers: request.headers,
      body,
    });
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_upstream' });
      response.end(JSON.stringify(value));
    };
    const item = /^\/items\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && item) {
      return json(200, {
        id: decodeURIComponent(item[1] as string),
        query: Object.fromEntries(
          [...url.searchParams.keys()].map((key) => [key, url.searchParams.getAll(key)]),
        ),
        authorization: request.headers.authorization ?? null,
        cookie: request.headers.cookie ?? null,
      });
    }
    if (request.method === 'POST' && url.pathname === '/items') {
      return json(201, {
        received: body === '' ? null : JSON.parse(body),
        contentType: request.headers['content-type'] ?? null,
      });
    }
    const fail = /^\/fail\/(\d{3})$/.exec(url.pathname);
    if (fail) {
      // Rate limiting and overload carry a Retry-After the gateway must relay.
      if (fail[1] === '429' || fail[1] === '503') response.setHeader('retry-after', '7');
      return json(Number(fail[1]), {
        type: 'error',
        error: { type: 'boom_error', message: 'it broke upstream' },
      });
    }
    if (url.pathname === '/slow') {
      // Never answers; counts the open ones so a test sees a hang-up reach the upstream.
      slowOpen += 1;
      response.once('close', () => {
        slowOpen -= 1;
      });
      return;
    }
    const bytes = /^\/bytes\/(\d+)$/.exec(url.pathname);
    if (bytes) {
      const total = Number(bytes[1]);
      response.writeHead(200, {
        'content-type': url.searchParams.get('text') === '1' ? 'text/plain' : 'application/octet-stream',
        'content-length': total,
      });
      // Each chunk starts at a multiple of the pattern's period, so each is a slice of one buffer.
      const period = BYTE_PATTERN.length / 2;
      for (let offset = 0; offset < total && !response.destroyed; ) {
        const chunk = BYTE_PATTERN.subarray(0, Math.min(period, total - offset));
        offset += chunk.length;
        bytesSent += chunk.length;
        if (!response.write(chunk)) {
          await new Promise<void>((resolve) => {
            const go = () => {
              response.off('drain', go);
              response.off('close', go);
              resolve();
            };
            response.on('drain', go);
            response.on('close', go);
          });
        }
      }
      return response.end();
    }
    if (url.pathname === '/text') {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return response.end('plain words');
    }
    if (url.pathname === '/events/stream') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      response.on('close', () => markStreamClosed());
      for (let n = 1; n <= 3; n++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (response.destroyed) return;
        response.write(`event: tick\ndata: {"n":${n}}\n\n`);
      }
      if (url.searchParams.get('end') === '1') response.end();
      return;
    }
    if (url.pathname.startsWith('/proxy/')) {
      response.writeHead(207, {
        'content-type': 'application/json',
        'x-upstream': 'yes',
        // `?hop=1`: a field the Connection header names (RFC 9110 7.6.1), never to be relayed.
        ...(url.searchParams.get('hop') === '1'
          ? { connection: 'keep-alive, x-hop', 'x-hop': 'yes' }
          : { connection: 'keep-alive' }),
      });
      return response.end(
        JSON.stringify({
          method: request.method,
          path: url.pathname,
          search: url.search,
          headers: request.headers,
          body,
        }),
      );
    }
    json(404, { type: 'error', error: { type: 'not_found_error', message: `no ${url.pathname}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    streamClosed,
    get slowOpen() {
      return slowOpen;
    },
    get bytesSent() {
      return bytesSent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Two periods of the `/bytes/{n}` answers' content: printable ASCII (so a text scan sees text)
 * repeating every 95 * 700 bytes; byte i of an answer is `BYTE_PATTERN[i % (length / 2)]`.
 */
export const BYTE_PATTERN: Buffer = Buffer.alloc(
  2 * 95 * 700,
  Uint8Array.from({ length: 95 }, (_, index) => index + 32),
);

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
