import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test upstream saw: every request, and how many are still open. */
export interface HostileUpstream {
  readonly url: string;
  readonly requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  /** Requests whose connection is still open (neither answered nor closed by the client). */
  readonly open: number;
  close(): Promise<void>;
}

export type UpstreamRoute = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A real node:http upstream on 127.0.0.1, port 0, whose routes misbehave on purpose (never answer,
 * stream huge events, answer huge bodies). Unknown paths get 404.
 */
export async function startHostileUpstream(routes: Record<string, UpstreamRoute>): Promise<HostileUpstream> {
  const requests: HostileUpstream['requests'] = [];
  let open = 0;
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    open += 1;
    response.once('close', () => {
      open -= 1;
    });
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const route = routes[path];
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    route(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    get open() {
      return open;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A route that sends its headers and then nothing, until the client goes away. */
export const neverAnswers: UpstreamRoute = () => {};

/** Polls until `condition` holds, failing after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
