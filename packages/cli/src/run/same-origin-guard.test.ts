import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { createHttpConsumer } from '@naftiko/consumer-http';
import { createEngine, type Engine, loadCapability } from '@naftiko/core';
import { afterEach, describe, expect, test } from 'vitest';
import { loadExposers } from './load-exposers.js';

// The attacks of issue 11 (item 1 and the slowloris part of item 4), replayed over real sockets
// against every listener `naftiko run` owns: MCP, REST (call and forward routes), skill, control.

const CAPABILITY = new URL('./testing/every-expose/capability.yaml', import.meta.url).pathname;
const UPSTREAM_KEY = 'held-upstream-key-1';
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
});

interface Target {
  name: string;
  port: number;
  method: string;
  path: string;
  headers: [string, string][];
  body?: string;
}

interface Answer {
  status: number;
  body: string;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/** The items API the capability consumes; records what reaches it. */
async function startUpstream(): Promise<{ url: string; requests: { path: string; key: string }[] }> {
  const requests: { path: string; key: string }[] = [];
  const server: Server = createServer((request, response) => {
    requests.push({ path: request.url ?? '', key: String(request.headers['x-api-key']) });
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('[]');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests };
}

/** `naftiko run`'s exposers on the capability, every listener on port 0 with short timeouts. */
async function startEverything(options: { address?: string; allowedHosts?: string[] } = {}) {
  const upstream = await startUpstream();
  const loaded = loadCapability(CAPABILITY);
  if (!loaded.capability) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  const keys = ['guard-mcp', 'guard-rest', 'guard-skills', 'control'];
  const engine: Engine = createEngine({
    capability: loaded.capability,
    exposers: await loadExposers({
      types: new Set(['mcp', 'rest', 'skill', 'control']),
      allowedHosts: options.allowedHosts ?? [],
      shutdownGraceMs: 1_000,
      timeouts: { headersTimeoutMs: 300, requestTimeoutMs: 600 },
      mcp: {},
    }),
    consumers: [createHttpConsumer()],
    env: { UPSTREAM_KEY },
    overrides: {
      baseUri: { up: upstream.url },
      port: Object.fromEntries(keys.map((key) => [key, 0])),
      ...(options.address === undefined
        ? {}
        : { address: Object.fromEntries(keys.map((key) => [key, options.address as string])) }),
    },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const addresses = await engine.start();
  cleanup.push(() => engine.stop());
  const port = (type: string) => Number(new URL(addresses.find((a) => a.type === type)?.url ?? '').port);
  const json: [string, string] = ['Content-Type', 'application/json'];
  const targets: Target[] = [
    {
      name: 'mcp initialize',
      port: port('mcp'),
      method: 'POST',
      path: '/mcp',
      headers: [json, ['Accept', 'application/json, text/event-stream']],
      body: INITIALIZE,
    },
    { name: 'rest list', port: port('rest'), method: 'GET', path: '/items', headers: [] },
    { name: 'rest create', port: port('rest'), method: 'POST', path: '/items', headers: [json], body: '{}' },
    {
      name: 'rest forward',
      port: port('rest'),
      method: 'POST',
      path: '/proxy/items',
      headers: [['Content-Type', 'text/plain']],
      body: 'hello',
    },
    { name: 'skill catalog', port: port('skill'), method: 'GET', path: '/skills', headers: [] },
    { name: 'control status', port: port('control'), method: 'GET', path: '/status', headers: [] },
  ];
  return { upstream, targets };
}

/** One request over a raw socket, so tests choose every header (fetch fixes Host and Origin). */
function send(target: Target, headers: [string, string][]): Promise<Answer> {
  const lines = [`${target.method} ${target.path} HTTP/1.1`];
  for (const [name, value] of [...headers, ...target.headers]) lines.push(`${name}: ${value}`);
  if (target.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(target.body)}`);
  lines.push('Connection: close', '', target.body ?? '');
  return new Promise((resolve, reject) => {
    const socket = connect(target.port, '127.0.0.1', () => socket.write(lines.join('\r\n')));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
}

const local = (target: Target): [string, string] => ['Host', `127.0.0.1:${target.port}`];

describe('the same-origin guard on every listener', () => {
  test('a DNS-rebinding Host is refused everywhere (403 naming --allowed-host); nothing reaches the upstream', async () => {
    const { upstream, targets } = await startEverything();
    for (const target of targets) {
      const evil = `evil.example:${target.port}`;
      const answer = await send(target, [
        ['Host', evil],
        ['Origin', `http://${evil}`],
      ]);
      expect(answer.status, target.name).toBe(403);
      expect(answer.body, target.name).toContain('start naftiko with --allowed-host evil.example');
    }
    expect(upstream.requests).toEqual([]);
    // The same requests addressed to a loopback name go through.
    for (const target of targets) expect((await send(target, [local(target)])).status, target.name).toBe(200);
    expect(upstream.requests.map((request) => request.key)).toContain(UPSTREAM_KEY);
  });

  test('a cross-site text/plain POST (a foreign Origin) is refused everywhere, forward routes included', async () => {
    const { upstream, targets } = await startEverything();
    for (const target of targets) {
      const answer = await send(
        { ...target, method: 'POST', headers: [['Content-Type', 'text/plain']], body: '{}' },
        [local(target), ['Origin', 'https://evil.example']],
      );
      expect(answer.status, target.name).toBe(403);
      expect(answer.body, target.name).toContain('cross-site requests are refused');
    }
    expect(upstream.requests).toEqual([]);
    // An Origin on a loopback name (a local web app) is same-site.
    const forward = targets.find((target) => target.name === 'rest forward') as Target;
    expect((await send(forward, [local(forward), ['Origin', 'http://localhost:3000']])).status).toBe(200);
    expect(upstream.requests).toEqual([{ path: '/items', key: UPSTREAM_KEY }]);
  });

  test('two Host headers are 400 everywhere, even when the first is a loopback name', async () => {
    const { upstream, targets } = await startEverything();
    for (const target of targets) {
      const answer = await send(target, [local(target), ['Host', 'evil.example']]);
      expect(answer.status, target.name).toBe(400);
      expect(answer.body, target.name).toContain('More than one Host header');
    }
    expect(upstream.requests).toEqual([]);
  });

  test('bound to 0.0.0.0, Host is still checked: loopback names and --allowed-host names only', async () => {
    const { upstream, targets } = await startEverything({
      address: '0.0.0.0',
      allowedHosts: ['gateway.example'],
    });
    for (const target of targets) {
      const refused = await send(target, [['Host', `evil.example:${target.port}`]]);
      expect(refused.status, target.name).toBe(403);
      expect(refused.body, target.name).toContain('--allowed-host evil.example');
      for (const host of [`localhost:${target.port}`, `gateway.example:${target.port}`])
        expect((await send(target, [['Host', host]])).status, `${target.name} ${host}`).toBe(200);
    }
    expect(upstream.requests.every((request) => request.key === UPSTREAM_KEY)).toBe(true);
  });
});

describe('slow clients (slowloris) lose their socket on every listener', () => {
  /** Opens a socket, runs `dribble` on it, and resolves with how long the server kept it open. */
  function hold(port: number, dribble: (write: (text: string) => void) => () => void): Promise<number> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      let stop = () => {};
      const socket = connect(port, '127.0.0.1', () => {
        stop = dribble((text) => {
          if (!socket.destroyed) socket.write(text);
        });
      });
      socket.resume();
      socket.on('error', reject);
      socket.on('close', () => {
        stop();
        resolve(Date.now() - started);
      });
      // Far beyond the test timeouts: without them the server would keep the socket.
      setTimeout(() => socket.destroy(new Error(`port ${port} kept a slow client for 5 s`)), 5_000).unref();
    });
  }

  test('headers that never finish are cut after the header timeout', async () => {
    const { targets } = await startEverything();
    const ports = [...new Set(targets.map((target) => target.port))];
    const held = await Promise.all(
      ports.map((port) =>
        hold(port, (write) => {
          write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
          const timer = setInterval(() => write('X-Slow: 1\r\n'), 100);
          return () => clearInterval(timer);
        }),
      ),
    );
    for (const ms of held) expect(ms).toBeLessThan(2_000);
  });

  test('a body that trickles in is cut after the request timeout', async () => {
    const { targets } = await startEverything();
    const posts = targets.filter((target) => target.method === 'POST');
    const held = await Promise.all(
      [
        ...targets.filter((target) => target.name.startsWith('skill') || target.name.startsWith('control')),
        ...posts,
      ].map((target) =>
        hold(target.port, (write) => {
          write(
            `POST ${target.path} HTTP/1.1\r\nHost: 127.0.0.1:${target.port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n`,
          );
          const timer = setInterval(() => write(' '), 100);
          return () => clearInterval(timer);
        }),
      ),
    );
    for (const ms of held) expect(ms).toBeLessThan(2_500);
  });
});
