import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { createRequestTracker, type RequestTracker } from './create-request-tracker.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

/** A server that answers each request `delayMs` later, tracked; refuses new ones once closing. */
async function serve(delayMs: number): Promise<{ server: Server; tracker: RequestTracker; url: string }> {
  const tracker = createRequestTracker();
  const server = createServer((_request, response) => {
    if (tracker.closing) {
      response.writeHead(503, { connection: 'close' }).end();
      return;
    }
    tracker.track(response);
    setTimeout(() => response.end('done'), delayMs);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, tracker, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Resolves with the body, or with the error code when the connection is cut. */
function get(url: string): Promise<string> {
  return new Promise((resolve) => {
    const sent = request(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve(body));
      response.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    sent.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    sent.end();
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition() && tries < 500; tries++) await new Promise((r) => setTimeout(r, 5));
}

describe('createRequestTracker', () => {
  test('a request in flight finishes within the grace; new connections are refused', async () => {
    const { server, tracker, url } = await serve(150);
    const inFlight = get(url);
    await until(() => tracker.inFlight === 1);
    const drained = tracker.drain(server, 5_000);
    expect(tracker.closing).toBe(true);
    expect(await get(url)).toBe('ECONNREFUSED');
    expect(await inFlight).toBe('done');
    expect(await drained).toBe(true);
    expect(tracker.inFlight).toBe(0);
  });

  test('past the grace the connection is cut and drain says so', async () => {
    const { server, tracker, url } = await serve(60_000);
    const inFlight = get(url);
    await until(() => tracker.inFlight === 1);
    const started = Date.now();
    expect(await tracker.drain(server, 100)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await inFlight).toMatch(/ECONNRESET|aborted/);
  });
});
