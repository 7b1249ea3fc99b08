// naftiko replicas on real parts: the built CLI as six `naftiko run` processes (three with 2025-era
// MCP sessions, three --stateless) against one shared sandbox upstream, nginx in front with the
// routing of deploy/nginx/naftiko.conf. Measures throughput with 1 and 3 replicas, then SIGTERMs
// one replica of each kind under stateful MCP, stateless MCP and REST load and counts failed calls.
// Figures are printed (deploy/README.md quotes them), never asserted as timings.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, bin } from '../../packages/cli/src/testing/built-bin.js';
import { createSandbox, DEFAULT_SANDBOX_API_KEY, type Sandbox } from '../../packages/sandbox/src/index.js';

const here = fileURLToPath(new URL('./', import.meta.url));
const CAPABILITY = join(here, 'capability.yaml');
const EXAMPLE = readFileSync(join(here, '../nginx/naftiko.conf'), 'utf8');

const which = (command: string): string | undefined => {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/sbin', '/bin']) {
    if (existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
};
const NGINX = which('nginx');
const REDIS = which('redis-server');
const missing = [NGINX ? '' : 'nginx', REDIS ? '' : 'redis-server'].filter(Boolean);
if (missing.length > 0) {
  console.warn(
    `deploy/replicas: skipped, ${missing.join(' and ')} not installed (apt-get install -y nginx-light redis-server)`,
  );
}

// The state replicas must share (rate limits, cache, circuit breakers) lives in one redis-server,
// started by the test: every replica gets `--redis` (filled in beforeAll).
const SHARED_STATE_FLAGS: string[] = [];

interface Replica {
  name: string;
  child: ChildProcess;
  mcp: string;
  rest: string;
  exited: Promise<number | string>;
}

async function startReplica(name: string, sandbox: Sandbox, flags: string[]): Promise<Replica> {
  const child = spawn(
    process.execPath,
    [
      bin,
      'run',
      CAPABILITY,
      '--base-uri',
      `managed-agents-sessions=${sandbox.url}`,
      '--port',
      'sessions-mcp=0',
      '--port',
      'sessions-rest=0',
      '--log-level',
      'warn',
      ...SHARED_STATE_FLAGS,
      ...flags,
    ],
    { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY } },
  );
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mcp = /mcp sessions-mcp listening on http:\/\/([^/\s]+)/.exec(out)?.[1];
    const rest = /rest sessions-rest listening on http:\/\/(\S+)/.exec(out)?.[1];
    if (mcp && rest) return { name, child, mcp, rest, exited };
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`replica ${name} did not start:\n${err}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A block of the example configuration, verbatim (`map ... {`, `location = /mcp {`, ...). */
function block(start: string): string {
  const from = EXAMPLE.indexOf(start);
  if (from === -1) throw new Error(`deploy/nginx/naftiko.conf has no "${start}" block`);
  let depth = 0;
  for (let i = EXAMPLE.indexOf('{', from); i < EXAMPLE.length; i += 1) {
    if (EXAMPLE[i] === '{') depth += 1;
    if (EXAMPLE[i] === '}' && --depth === 0) return EXAMPLE.slice(from, i + 1);
  }
  throw new Error(`unbalanced block "${start}"`);
}

interface Front {
  /** nginx port in front of these replicas. */
  port: number;
  replicas: Replica[];
  /** Upstream name suffix. */
  id: string;
}

/** The example's map and locations, with upstreams and listen ports of this run. */
function nginxConf(prefix: string, fronts: Front[]): string {
  const upstreams = (front: Front) => `
upstream naftiko_mcp_${front.id} {
    hash $naftiko_mcp_key consistent;
${front.replicas.map((r) => `    server ${r.mcp} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 32;
}
upstream naftiko_rest_${front.id} {
${front.replicas.map((r) => `    server ${r.rest} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 32;
}
server {
    listen 127.0.0.1:${front.port};
    ${block('location = /mcp {').replace('http://naftiko_mcp;', `http://naftiko_mcp_${front.id};`)}
    ${block('location / {').replace('http://naftiko_rest;', `http://naftiko_rest_${front.id};`)}
}`;
  return `worker_processes 2;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
${userInfo().uid === 0 ? 'user root;' : ''}
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path ${prefix}/body;
    proxy_temp_path ${prefix}/proxy;
    fastcgi_temp_path ${prefix}/fastcgi;
    uwsgi_temp_path ${prefix}/uwsgi;
    scgi_temp_path ${prefix}/scgi;
${block('map $http_mcp_session_id $naftiko_mcp_key {')}
${fronts.map(upstreams).join('\n')}
}
`;
}

interface Tally {
  ok: number;
  failed: number;
  /** Sessions lost with their replica and opened again (the client's 404 rule). */
  reopened: number;
  errors: string[];
}
const tally = (): Tally => ({ ok: 0, failed: 0, reopened: 0, errors: [] });

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'replicas', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

type Load = (until: () => boolean, into: Tally) => Promise<void>;

/**
 * `workers` MCP clients, connected before the clock starts, each calling list-sessions until
 * `until()`; a 404 (the session went with its replica) opens a new session and goes on.
 */
async function mcpLoad(url: string, workers: number): Promise<Load> {
  const clients = await Promise.all(Array.from({ length: workers }, () => connect(url)));
  return async (until, into) => {
    await Promise.all(
      clients.map(async (first) => {
        let client = first;
        while (!until()) {
          try {
            const result = await client.callTool({ name: 'list-sessions', arguments: {} });
            if (result.isError) throw new Error(JSON.stringify(result.content));
            into.ok += 1;
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            if (!/404|Session not found/.test(message)) {
              into.failed += 1;
              into.errors.push(message);
              continue;
            }
            // MCP: a client whose session id gets 404 starts a new session, then retries.
            into.reopened += 1;
            void client.close().catch(() => undefined);
            client = await connect(url);
          }
        }
        await client.close().catch(() => undefined);
      }),
    );
  };
}

async function restLoad(url: string, workers: number): Promise<Load> {
  return (until, into) => restRun(url, workers, until, into);
}

async function restRun(url: string, workers: number, until: () => boolean, into: Tally): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!until()) {
        try {
          const response = await fetch(`${url}/sessions`);
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
          into.ok += 1;
        } catch (error) {
          into.failed += 1;
          into.errors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
}

const forMs = (ms: number) => {
  const end = Date.now() + ms;
  return () => Date.now() >= end;
};

describe.skipIf(missing.length > 0)('replicas behind nginx', { timeout: 90_000 }, () => {
  let sandbox: Sandbox;
  let nginx: ChildProcess | undefined;
  let prefix: string;
  let redis: ChildProcess | undefined;
  let redisPort = 0;
  const replicas: Replica[] = [];
  const redisCli = (...args: string[]) =>
    execFileSync(join(REDIS as string, '../redis-cli'), ['-p', String(redisPort), ...args], {
      encoding: 'utf8',
    });

  beforeAll(async () => {
    assertBuilt();
    sandbox = await createSandbox({ port: 0 });
    prefix = mkdtempSync(join(tmpdir(), 'naftiko-nginx-'));
    for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, dir));
    redisPort = await freePort();
    redis = spawn(REDIS as string, [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--dir',
      prefix,
    ]);
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        if (redisCli('ping').trim() === 'PONG') break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    SHARED_STATE_FLAGS.push('--redis', `redis://127.0.0.1:${redisPort}`);
  });
  afterAll(async () => {
    nginx?.kill('SIGQUIT');
    for (const replica of replicas) replica.child.kill('SIGKILL');
    redis?.kill('SIGKILL');
    await sandbox?.close();
    rmSync(prefix, { recursive: true, force: true });
  });

  it('serves stateful and stateless MCP and REST through nginx, and loses no call when a replica stops', async () => {
    const started = await Promise.all([
      ...['s1', 's2', 's3'].map((name) =>
        startReplica(name, sandbox, ['--session-id-header', 'x-naftiko-session-id']),
      ),
      ...['l1', 'l2', 'l3'].map((name) => startReplica(name, sandbox, ['--stateless'])),
    ]);
    replicas.push(...started);
    const [s1, s2, s3, l1, l2, l3] = started as [Replica, Replica, Replica, Replica, Replica, Replica];
    const fronts = {
      stateful: { id: 'stateful', port: await freePort(), replicas: [s1, s2, s3] },
      stateless: { id: 'stateless', port: await freePort(), replicas: [l1, l2, l3] },
      single: { id: 'single', port: await freePort(), replicas: [l1] },
    };
    writeFileSync(join(prefix, 'nginx.conf'), nginxConf(prefix, Object.values(fronts)));
    execFileSync(NGINX as string, [
      '-t',
      '-q',
      '-p',
      prefix,
      '-c',
      join(prefix, 'nginx.conf'),
      '-e',
      join(prefix, 'error.log'),
    ]);
    nginx = spawn(NGINX as string, [
      '-p',
      prefix,
      '-c',
      join(prefix, 'nginx.conf'),
      '-e',
      join(prefix, 'error.log'),
    ]);
    const url = (front: { port: number }) => `http://127.0.0.1:${front.port}`;
    for (const front of Object.values(fronts)) {
      const deadline = Date.now() + 5_000;
      while (
        (await fetch(`${url(front)}/sessions`).then(
          (r) => r.status,
          () => 0,
        )) !== 200
      ) {
        if (Date.now() > deadline)
          throw new Error(`nginx did not answer:\n${readFileSync(join(prefix, 'error.log'), 'utf8')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    // Sticky sessions: each stateful client's calls all land on the replica holding its session.
    const sticky = tally();
    await (await mcpLoad(`${url(fronts.stateful)}/mcp`, 6))(forMs(500), sticky);
    expect(sticky).toMatchObject({ failed: 0, reopened: 0 });
    expect(sticky.ok).toBeGreaterThan(0);

    // Throughput, 1 replica then 3 (stateless MCP, then REST), same load.
    const WORKERS = 16;
    const MEASURE_MS = 1_000;
    const rate = async (prepared: Promise<Load>) => {
      const load = await prepared;
      const into = tally();
      const begun = performance.now();
      await load(forMs(MEASURE_MS), into);
      return { perSecond: Math.round((into.ok * 1000) / (performance.now() - begun)), failed: into.failed };
    };
    const figures = {
      'stateless MCP tools/call, 1 replica': await rate(mcpLoad(`${url(fronts.single)}/mcp`, WORKERS)),
      'stateless MCP tools/call, 3 replicas': await rate(mcpLoad(`${url(fronts.stateless)}/mcp`, WORKERS)),
      'stateful MCP tools/call, 3 replicas': await rate(mcpLoad(`${url(fronts.stateful)}/mcp`, WORKERS)),
      'REST GET, 1 replica': await rate(restLoad(url(fronts.single), WORKERS)),
      'REST GET, 3 replicas': await rate(restLoad(url(fronts.stateless), WORKERS)),
    };

    // Mixed load on both fronts; one replica of each kind gets SIGTERM a second in.
    const loads = { stateful: tally(), stateless: tally(), rest: tally() };
    const [statefulLoad, statelessLoad, restA, restB] = await Promise.all([
      mcpLoad(`${url(fronts.stateful)}/mcp`, 8),
      mcpLoad(`${url(fronts.stateless)}/mcp`, 8),
      restLoad(url(fronts.stateful), 4),
      restLoad(url(fronts.stateless), 4),
    ]);
    const until = forMs(3_000);
    const stopping = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      s2.child.kill('SIGTERM');
      l2.child.kill('SIGTERM');
      return Promise.all([s2.exited, l2.exited]);
    })();
    await Promise.all([
      statefulLoad(until, loads.stateful),
      statelessLoad(until, loads.stateless),
      restA(until, loads.rest),
      restB(until, loads.rest),
    ]);
    expect(await stopping).toEqual([0, 0]);

    console.log(
      [
        `replicas behind nginx (${WORKERS} concurrent clients, ${MEASURE_MS} ms each, one machine):`,
        ...Object.entries(figures).map(([what, { perSecond }]) => `  ${what}: ${perSecond}/s`),
        'one replica of each kind SIGTERMed under load:',
        ...Object.entries(loads).map(
          ([what, t]) => `  ${what}: ${t.ok} ok, ${t.failed} failed, ${t.reopened} sessions reopened`,
        ),
      ].join('\n'),
    );
    for (const [what, figure] of Object.entries(figures))
      expect({ what, failed: figure.failed }).toEqual({ what, failed: 0 });
    for (const [what, t] of Object.entries(loads)) {
      expect({ what, failed: t.failed, errors: t.errors.slice(0, 3) }).toEqual({
        what,
        failed: 0,
        errors: [],
      });
      expect(t.ok).toBeGreaterThan(0);
    }
    // The replicas kept their shared state in the one Redis: the REST callers' rate-limit counter.
    expect(redisCli('--scan', '--pattern', 'naftiko:*').trim()).not.toBe('');
  });
});
