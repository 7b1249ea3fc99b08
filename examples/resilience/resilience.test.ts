// Each example file run by the built `naftiko run` (as users start it) against a local inventory
// API that fails on command; the replica test starts a real redis-server and two naftiko
// processes sharing it.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, test } from 'vitest';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const BIN = join(HERE, '../../packages/cli/dist/naftiko.mjs');

interface Upstream {
  url: string;
  /** `METHOD /path?query` of every request, in order. */
  seen: string[];
  /** What the next answers are (status, headers), first in first out; then 200. */
  script: Array<{ status: number; headers?: Record<string, string> }>;
  /** Every answer when set (a down upstream). */
  always?: number;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startUpstream(): Promise<Upstream> {
  const upstream: Upstream = { url: '', seen: [], script: [] };
  const server: Server = createServer((request, response) => {
    upstream.seen.push(`${request.method} ${request.url}`);
    request.resume();
    const step = upstream.always === undefined ? upstream.script.shift() : { status: upstream.always };
    const status = step?.status ?? (request.method === 'POST' ? 201 : 200);
    response.writeHead(status, { 'content-type': 'application/json', ...step?.headers });
    response.end(
      status < 300 ? `{"ok":true,"n":${upstream.seen.length}}` : '{"error":{"message":"unavailable"}}',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return upstream;
}

/**
 * `naftiko run <file>` with `inventory` at `upstream` and each of `exposes` on a free port;
 * resolves to its listeners by namespace.
 */
async function run(
  file: string,
  upstream: Upstream,
  exposes: string[],
  extra: string[] = [],
): Promise<Record<string, string>> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` first.`);
  const ports = exposes.flatMap((namespace) => ['--port', `${namespace}=0`]);
  const args = ['--base-uri', `inventory=${upstream.url}/v1`, ...ports, ...extra];
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [BIN, 'run', join(HERE, file), ...args],
    {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    },
  );
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  cleanups.push(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
  // One listener line per expose.
  const expected = exposes.length;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const listeners = [...out.matchAll(/^(\w+)(?: (\S+))? listening on (\S+)$/gm)];
    if (listeners.length >= expected)
      return Object.fromEntries(listeners.map((m) => [m[2] ?? m[1], m[3] as string]));
    if (child.exitCode !== null) throw new Error(`naftiko run exited with ${child.exitCode}:\n${err}`);
    if (Date.now() > deadline) throw new Error(`naftiko run did not listen in time:\n${err}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('examples/resilience', () => {
  test('timeouts-retries.yaml: a 503 read is retried until it succeeds; Retry-After past the cap ends it', async () => {
    const upstream = await startUpstream();
    const urls = await run('timeouts-retries.yaml', upstream, ['inventory-api']);
    upstream.script.push({ status: 503 }, { status: 503 });
    const read = await fetch(`${urls['inventory-api']}/items/sku-1`);
    expect(read.status).toBe(200);
    expect(upstream.seen).toEqual(['GET /v1/items/sku-1', 'GET /v1/items/sku-1', 'GET /v1/items/sku-1']);

    // The POST declares `idempotent: true` (the upstream dedupes on Idempotency-Key): retried too.
    upstream.seen.length = 0;
    upstream.script.push({ status: 502 });
    const reserved = await fetch(`${urls['inventory-api']}/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'order-7' },
      body: JSON.stringify({ sku: 'sku-1' }),
    });
    expect(reserved.status).toBe(201);
    expect(upstream.seen).toEqual(['POST /v1/reservations', 'POST /v1/reservations']);

    upstream.seen.length = 0;
    upstream.script.push({ status: 503, headers: { 'retry-after': '30' } });
    const refused = await fetch(`${urls['inventory-api']}/items/sku-1`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(upstream.seen).toHaveLength(1);
  });

  test('circuit-breaker.yaml: three failures open the circuit; callers get 503 at once; /status and /metrics show it', async () => {
    const upstream = await startUpstream();
    const urls = await run('circuit-breaker.yaml', upstream, ['inventory-api', 'control']);
    upstream.always = 500;
    for (let i = 0; i < 3; i++) expect((await fetch(`${urls['inventory-api']}/items`)).status).toBe(500);
    const open = await fetch(`${urls['inventory-api']}/items`);
    expect(open.status).toBe(503);
    expect(open.headers.get('retry-after')).toBe('10');
    expect(upstream.seen).toHaveLength(3);
    const status = (await (await fetch(`${urls.control}/status`)).json()) as {
      resilience: { store: string; upstreams: unknown[] };
    };
    expect(status.resilience).toMatchObject({
      store: 'memory',
      upstreams: [{ namespace: 'inventory', circuit: { state: 'open' } }],
    });
    expect(await (await fetch(`${urls.control}/metrics`)).text()).toContain(
      'naftiko_circuit_state{namespace="inventory"} 2',
    );
  });

  test('rate-limits.yaml: the sixth call of a caller in a minute is 429 over REST, a tool error with retryAfter over MCP', async () => {
    const upstream = await startUpstream();
    const urls = await run('rate-limits.yaml', upstream, ['inventory-api', 'inventory-tools']);
    for (let i = 0; i < 5; i++) expect((await fetch(`${urls['inventory-api']}/items`)).status).toBe(200);
    const limited = await fetch(`${urls['inventory-api']}/items`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(upstream.seen).toHaveLength(5);

    const client = new Client({ name: 'resilience-example', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(urls['inventory-tools'] as string)));
    cleanups.push(() => client.close());
    for (let i = 0; i < 5; i++) expect((await client.callTool({ name: 'list-items' })).isError).toBeFalsy();
    const refused = await client.callTool({ name: 'list-items' });
    expect(refused.isError).toBe(true);
    expect(refused._meta?.['io.naftiko/error']).toMatchObject({ code: 'RATE_LIMITED' });
  });

  test('cache.yaml: the same catalog search is answered from the cache; other arguments and stock are not', async () => {
    const upstream = await startUpstream();
    const urls = await run('cache.yaml', upstream, ['inventory-api']);
    const api = urls['inventory-api'];
    const first = await (await fetch(`${api}/catalog?q=bolt`)).json();
    expect(await (await fetch(`${api}/catalog?q=bolt`)).json()).toEqual(first);
    await fetch(`${api}/catalog?q=nut`);
    await fetch(`${api}/stock`);
    await fetch(`${api}/stock`);
    expect(upstream.seen).toEqual([
      'GET /v1/catalog?q=bolt',
      'GET /v1/catalog?q=nut',
      'GET /v1/stock',
      'GET /v1/stock',
    ]);
  });

  const redisMissing =
    spawnSync('redis-server', ['--version']).status === 0
      ? undefined
      : 'redis-server is not installed (Debian: apt-get install -y redis-server)';
  if (redisMissing !== undefined) console.warn(`skipped the replica example: ${redisMissing}`);

  test.skipIf(redisMissing !== undefined)(
    'circuit-breaker.yaml on two replicas with --redis: the circuit one opened is open on the other',
    async () => {
      const redisUrl = await startRedis();
      const upstream = await startUpstream();
      const replica = () =>
        run('circuit-breaker.yaml', upstream, ['inventory-api', 'control'], ['--redis', redisUrl]);
      const [one, two] = [await replica(), await replica()];
      upstream.always = 503;
      for (let i = 0; i < 3; i++) expect((await fetch(`${one['inventory-api']}/items`)).status).toBe(503);
      const refused = await fetch(`${two['inventory-api']}/items`);
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { detail: string }).detail).toMatch(
        /circuit breaker of "inventory" is open/,
      );
      expect(upstream.seen).toHaveLength(3);
      const status = (await (await fetch(`${two.control}/status`)).json()) as { resilience: unknown };
      expect(status.resilience).toMatchObject({
        store: 'redis',
        upstreams: [{ circuit: { state: 'open' } }],
      });
    },
  );
});

/** A redis-server on a free port with a temporary directory; stopped after the test. */
async function startRedis(): Promise<string> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const dir = mkdtempSync(join(tmpdir(), 'naftiko-example-redis-'));
  const child = spawn('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
  ]);
  cleanups.push(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', () => reject(new Error(`redis-server exited:\n${output}`)));
  });
  return `redis://127.0.0.1:${port}`;
}
