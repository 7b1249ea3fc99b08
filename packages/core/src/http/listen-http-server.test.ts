import { Agent, createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { isNaftikoError, type NaftikoError } from '../errors.js';
import { type HttpListener, listenHttpServer } from './listen-http-server.js';

const base = { place: 'skill "catalog"', portKey: 'catalog', data: { type: 'skill', namespace: 'catalog' } };
const cleanup: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

function helloServer(): Server {
  return createServer((_request, response) => response.end('hello'));
}

async function listen(server: Server, address = '127.0.0.1', port = 0): Promise<HttpListener> {
  const listener = await listenHttpServer({ ...base, server, address, port });
  cleanup.push(() => listener.close());
  return listener;
}

async function failure(server: Server, address: string, port: number): Promise<NaftikoError> {
  const error = await listenHttpServer({ ...base, server, address, port }).catch((caught: unknown) => caught);
  if (!isNaftikoError(error, 'LISTEN_FAILED'))
    throw new Error(`expected LISTEN_FAILED, got ${String(error)}`);
  return error;
}

describe('listenHttpServer', () => {
  test('reports the bound URL and port of a port-0 listen, and serves on it', async () => {
    const listener = await listen(helloServer());
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.url).toBe(`http://127.0.0.1:${listener.port}`);
    expect(await (await fetch(`${listener.url}/`)).text()).toBe('hello');
  });

  test('brackets an IPv6 address in the URL', async () => {
    const listener = await listen(helloServer(), '::1');
    expect(listener.url).toBe(`http://[::1]:${listener.port}`);
    expect(await (await fetch(`${listener.url}/`)).text()).toBe('hello');
  });

  test('a port in use is a LISTEN_FAILED naming the place, the port and the --port key', async () => {
    const taken = await listen(helloServer());
    const error = await failure(helloServer(), '127.0.0.1', taken.port);
    expect(error.message).toBe(
      `skill "catalog" could not listen on 127.0.0.1:${taken.port}: the port is in use; pick another port (--port catalog=N).`,
    );
    expect(error.data).toEqual({ type: 'skill', namespace: 'catalog' });
    expect((error.cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
  });

  test('an address of another machine names the `address` fix', async () => {
    // 192.0.2.0/24 is TEST-NET-1: never assigned to a local interface.
    const error = await failure(helloServer(), '192.0.2.1', 0);
    expect(error.message).toBe(
      'skill "catalog" could not listen on 192.0.2.1:0: the address is not one of this machine; set `address` to 127.0.0.1 or an address of this host.',
    );
  });

  test('a privileged port refused by the system asks for a port above 1023', async () => {
    // Tests may run as root, which may bind port 80: the system's refusal is replayed instead.
    const server = helloServer();
    server.listen = (() => {
      const refusal = Object.assign(new Error('listen EACCES: permission denied 127.0.0.1:80'), {
        code: 'EACCES',
      });
      process.nextTick(() => server.emit('error', refusal));
      return server;
    }) as Server['listen'];
    const error = await failure(server, '127.0.0.1', 80);
    expect(error.message).toBe(
      'skill "catalog" could not listen on 127.0.0.1:80: permission denied; pick a port above 1023 (--port catalog=N).',
    );
  });

  test('another refusal keeps the system message', async () => {
    const server = helloServer();
    server.listen = (() => {
      process.nextTick(() =>
        server.emit('error', Object.assign(new Error('listen EMFILE'), { code: 'EMFILE' })),
      );
      return server;
    }) as Server['listen'];
    const error = await failure(server, '127.0.0.1', 9000);
    expect(error.message).toBe(
      'skill "catalog" could not listen on 127.0.0.1:9000: Error: listen EMFILE; pick another port (--port catalog=N).',
    );
  });

  test('close() ends open connections instead of waiting for them, and is idempotent', async () => {
    // A response that never ends (a stalled download) and an idle keep-alive socket.
    const server = createServer((request, response) => {
      if (request.url === '/stall') response.write('partial');
      else response.end('hello');
    });
    server.keepAliveTimeout = 120_000;
    const listener = await listen(server);
    const agent = new Agent({ keepAlive: true });
    cleanup.push(async () => agent.destroy());
    const open = (path: string) =>
      new Promise<Socket>((resolve, reject) => {
        const sent = request(`${listener.url}${path}`, { agent }, (response) => {
          response.on('error', () => {});
          response.once('data', () => resolve(sent.socket as Socket));
        });
        sent.on('error', () => {});
        setTimeout(() => reject(new Error(`no answer to ${path}`)), 2_000).unref();
        sent.end();
      });
    const sockets = await Promise.all([open('/'), open('/stall')]);
    const closed = sockets.map(
      (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
    );
    await Promise.all([listener.close(), listener.close()]);
    await Promise.all(closed);
    await expect(fetch(`${listener.url}/`)).rejects.toThrow();
  });
});
