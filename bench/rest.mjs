// The REST exposer as a gateway: `GET /v1/sessions/{id}` through naftiko (the
// examples/rest-gateway capability: a call route, and the same request through a forward route),
// directly to the sandbox, and through nginx as a reverse proxy to the same sandbox, side by side
// in one run. 16 connections, autocannon.
// Plain ESM against the built packages: run `pnpm build` first (`pnpm bench` does).
// Usage: node bench/rest.mjs [--quick]
//
// The sandbox, the naftiko gateway, nginx and a bare fastify + undici proxy (the floor for any
// Node.js gateway) each run in their own process; autocannon drives them from this one. naftiko,
// the floor and nginx all receive the client's placeholder key and inject the real one, so they
// do the same job. nginx runs one worker process, like the single Node.js event loop it is
// compared with; its upstream keep-alive expires before Node's 5 s so it never reuses a
// connection the sandbox is closing. Sides alternate in rounds so machine noise hits all alike.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createBenchSession, readCpuMs } from './lib/load.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entries = {
  sandboxBin: join(root, 'packages/sandbox/dist/bin.js'),
  exposer: join(root, 'packages/exposer-rest/dist/index.js'),
  gateway: join(root, 'bench/rest/serve-gateway.mjs'),
  floor: join(root, 'bench/rest/serve-floor.mjs'),
};
for (const built of Object.values(entries)) {
  if (!existsSync(built)) {
    console.error(`bench/rest: ${built} is missing; run \`pnpm build\` first.`);
    process.exit(1);
  }
}

const quick = process.argv.includes('--quick');
const CONNECTIONS = 16;
const WARMUP_S = quick ? 1 : 3;
const ROUND_S = quick ? 2 : 5;
const ROUNDS = quick ? 1 : 3;
// naftiko / nginx: a call route validates, templates and parses JSON; a forward route only relays.
const AIMS = { call: 0.5, forward: 0.6 };
const API_KEY = 'sk-ant-bench-server-key';
const CLIENT_HEADERS = { authorization: 'Bearer placeholder-client-key', accept: 'application/json' };
// A forward route relays the client's request as is, so the client sends the version headers
// (the route trusts them) and the gateway adds only the key.
const FORWARD_HEADERS = {
  ...CLIENT_HEADERS,
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'managed-agents-2026-04-01',
};
const UPSTREAM_HEADERS = {
  'x-api-key': API_KEY,
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'managed-agents-2026-04-01',
};

const children = [];
let nginxDir;
try {
  const sandbox = await startChild('sandbox', process.execPath, [entries.sandboxBin, '--api-key', API_KEY]);
  const session = await createBenchSession({ url: sandbox.url, headers: UPSTREAM_HEADERS });
  const path = `/v1/sessions/${session.id}`;

  const gateway = await startChild('gateway', process.execPath, [entries.gateway, sandbox.url, API_KEY]);
  const floor = await startChild('node floor', process.execPath, [entries.floor, sandbox.url, API_KEY]);
  // `pid`: the process serving the side, whose CPU time per request is reported.
  const sides = [
    { name: 'direct to sandbox', url: `${sandbox.url}${path}`, headers: UPSTREAM_HEADERS, pid: sandbox.pid },
    { name: 'naftiko REST', url: `${gateway.url}${path}`, headers: CLIENT_HEADERS, pid: gateway.pid },
    {
      name: 'naftiko forward',
      url: `${gateway.url}/forward${path}`,
      headers: FORWARD_HEADERS,
      pid: gateway.pid,
    },
    { name: 'node floor', url: `${floor.url}${path}`, headers: CLIENT_HEADERS, pid: floor.pid },
    {
      name: 'node floor forward',
      url: `${floor.url}/forward${path}`,
      headers: FORWARD_HEADERS,
      pid: floor.pid,
    },
  ];
  const nginx = await startNginx(sandbox.url);
  if (nginx) sides.push({ name: 'nginx proxy', url: `${nginx}${path}`, headers: CLIENT_HEADERS });

  for (const side of sides) await check(side, session.id);
  for (const side of sides) await load(side, WARMUP_S);
  const totals = new Map(
    sides.map((side) => [side.name, { requests: 0, seconds: 0, p99: [], p50: [], errors: 0, cpuMs: 0 }]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of sides) {
      const cpuBefore = side.pid === undefined ? 0 : readCpuMs(side.pid);
      const result = await load(side, ROUND_S);
      const total = totals.get(side.name);
      if (side.pid !== undefined) total.cpuMs += readCpuMs(side.pid) - cpuBefore;
      total.requests += result.requests.total;
      total.seconds += result.duration;
      total.p99.push(result.latency.p99);
      total.p50.push(result.latency.p50);
      total.errors += result.errors + result.timeouts + result.non2xx;
    }
  }

  const rows = sides.map((side) => {
    const total = totals.get(side.name);
    return {
      name: side.name,
      requestsPerSecond: Math.round(total.requests / total.seconds),
      p50Ms: median(total.p50),
      p99Ms: median(total.p99),
      requests: total.requests,
      errors: total.errors,
      // The serving process's CPU time per request: other load on the machine moves it least.
      cpuUsPerRequest: side.pid === undefined ? null : Math.round((total.cpuMs * 1000) / total.requests),
    };
  });
  console.log(
    `GET /v1/sessions/{id}, ${CONNECTIONS} connections (autocannon), ${ROUNDS} alternating rounds of ` +
      `${ROUND_S} s per side after ${WARMUP_S} s warm-up${quick ? ' (quick)' : ''}\n`,
  );
  console.log(
    `${'side'.padEnd(20)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'requests'.padStart(11)}${'errors'.padStart(8)}${'CPU us/req'.padStart(12)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(20)}${String(row.requestsPerSecond).padStart(10)}${String(row.p50Ms).padStart(9)}` +
        `${String(row.p99Ms).padStart(9)}${String(row.requests).padStart(11)}${String(row.errors).padStart(8)}` +
        `${String(row.cpuUsPerRequest ?? '-').padStart(12)}`,
    );
  }
  const byName = (name) => rows.find((row) => row.name === name);
  const nginxRow = byName('nginx proxy');
  const ratios = {};
  for (const [route, naftikoName, floorName] of [
    ['call', 'naftiko REST', 'node floor'],
    ['forward', 'naftiko forward', 'node floor forward'],
  ]) {
    const naftiko = byName(naftikoName);
    const floorRatio = naftiko.requestsPerSecond / byName(floorName).requestsPerSecond;
    console.log(
      `\n${route} route: naftiko / node floor (fastify + undici, no engine): ${floorRatio.toFixed(2)}`,
    );
    ratios[route] = { floor: floorRatio, nginx: null };
    if (nginxRow) {
      const ratio = naftiko.requestsPerSecond / nginxRow.requestsPerSecond;
      ratios[route].nginx = ratio;
      console.log(
        `${route} route: naftiko / nginx: ${ratio.toFixed(2)} (aim >= ${AIMS[route]}: ${ratio >= AIMS[route] ? 'met' : 'NOT met'})`,
      );
    }
  }
  if (!nginxRow) console.log('nginx: not installed, side skipped (Debian: apt-get install -y nginx-light).');
  // A handful of failures at phase boundaries is noise; more means a side measures its errors.
  const failing = rows.filter((row) => row.errors > row.requests / 1000);
  if (failing.length > 0) {
    throw new Error(`${failing.map((row) => row.name).join(', ')}: over 0.1% of requests failed`);
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/rest.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, quick, connections: CONNECTIONS, rows, ratios }, null, 2)}\n`,
  );
} finally {
  for (const child of children.reverse()) child.kill('SIGTERM');
  if (nginxDir) rmSync(nginxDir, { recursive: true, force: true });
}

/** One autocannon run against a side. */
function load(side, seconds) {
  return autocannon({ url: side.url, headers: side.headers, connections: CONNECTIONS, duration: seconds });
}

/** One request first: a side that answers wrongly would make its numbers meaningless. */
async function check(side, id) {
  const response = await fetch(side.url, { headers: side.headers });
  const body = await response.json();
  if (response.status !== 200 || body.id !== id) {
    throw new Error(`${side.name} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
}

/** nginx (one worker, keep-alive to the upstream) in front of the sandbox, or undefined if absent. */
async function startNginx(sandbox) {
  const binary = ['nginx', '/usr/sbin/nginx'].find((candidate) => spawnSync(candidate, ['-v']).status === 0);
  if (!binary) return undefined;
  nginxDir = mkdtempSync(join(tmpdir(), 'naftiko-bench-nginx-'));
  const port = await freePort();
  const upstream = new URL(sandbox);
  const headers = Object.entries(UPSTREAM_HEADERS)
    .map(([name, value]) => `      proxy_set_header ${name} "${value}";`)
    .join('\n');
  writeFileSync(
    join(nginxDir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
pid ${nginxDir}/nginx.pid;
error_log ${nginxDir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${nginxDir}/body;
  proxy_temp_path ${nginxDir}/proxy;
  fastcgi_temp_path ${nginxDir}/fastcgi;
  uwsgi_temp_path ${nginxDir}/uwsgi;
  scgi_temp_path ${nginxDir}/scgi;
  upstream sandbox { server ${upstream.host}; keepalive 64; keepalive_timeout 4s; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://sandbox;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "";
${headers}
    }
  }
}
`,
  );
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, ['-p', nginxDir, '-c', join(nginxDir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with code ${child.exitCode}`);
    try {
      await fetch(url);
      return url;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error('nginx did not start listening within 5 s');
}

/** A child process that prints its base URL on stdout; resolves with the URL and its pid. */
function startChild(name, command, args) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`the ${name} exited early (code ${code})`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /https?:\/\/\S+/.exec(output);
      if (match) {
        child.removeAllListeners('exit');
        resolve({ url: match[0], pid: child.pid });
      }
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
