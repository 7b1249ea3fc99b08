import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the test server saw it: the raw target, headers as sent, the body as bytes. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

export type TestHandler = (
  request: IncomingMessage & { body: Buffer },
  response: ServerResponse,
) => void | Promise<void>;

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Resolves when the server saw the client close request number `index` (0-based). */
  closed(index: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real node:http server on 127.0.0.1, port 0, recording every request. Test-only helper: tests
 * of this package talk to real sockets, never to a stubbed fetch.
 */
export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const closedWaiters = new Map<number, Promise<void>>();
  const server = createServer(async (request, response) => {
    const index = requests.length;
    const chunks: Buffer[] = [];
    const record: RecordedRequest = {
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      rawHeaders: request.rawHeaders,
      body: Buffer.alloc(0),
    };
    requests.push(record);
    let resolveClosed: () => void = () => {};
    closedWaiters.set(
      index,
      new Promise<void>((resolve) => {
        resolveClosed = resolve;
      }),
    );
    response.on('close', () => resolveClosed());
    for await (const chunk of request) chunks.push(chunk as Buffer);
    record.body = Buffer.concat(chunks);
    try {
      await handler(Object.assign(request, { body: record.body }), response);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    closed(index) {
      const waiter = closedWaiters.get(index);
      if (!waiter) throw new Error(`no request #${index} yet`);
      return waiter;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes a JSON answer. */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
