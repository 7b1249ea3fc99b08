// MCP tools/call through `naftiko run`, side by side in one run with direct HTTP calls to the
// same upstream and with @ivotoby/openapi-mcp-server (an established OpenAPI-to-MCP server) given
// an OpenAPI document of the same operations (bench/mcp-openapi.json).
// Plain ESM against the built packages: run `pnpm build` first (`pnpm bench` does).
// Usage: node bench/mcp.mjs [--quick]
//
// Every side fetches one session (`GET /v1/sessions/{id}`, the seed's `anthropic-get-session`)
// from the sandbox, which runs in its own process, from 16 concurrent clients; each 2025-era MCP
// client has its own session, the 2026-07-28 side (same server, same endpoint) has none. The MCP clients are lean Streamable HTTP clients (initialize, then
// tools/call POSTs on a keep-alive pool, answers read as JSON or SSE), so the servers, not the
// load generator, set the pace; the official SDK client first checks that both servers answer
// the tool correctly. Phases alternate in short rounds so machine noise hits all sides alike.
// Also measured: cold start of `naftiko run` to its listening line, and the resident memory of
// both MCP servers after the load.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createBenchSession,
  percentile,
  readCpuMs,
  runClosedLoop,
  startSandboxProcess,
} from './lib/load.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const sdk = join(root, 'packages/exposer-mcp/node_modules/@modelcontextprotocol/sdk/dist/esm');
const entries = {
  cli: join(root, 'packages/cli/dist/naftiko.mjs'),
  sandboxBin: join(root, 'packages/sandbox/dist/bin.js'),
  undici: join(root, 'packages/consumer-http/node_modules/undici/index.js'),
  client: join(sdk, 'client/index.js'),
  clientTransport: join(sdk, 'client/streamableHttp.js'),
  peer: join(root, 'bench/node_modules/@ivotoby/openapi-mcp-server/bin/mcp-server.js'),
};
for (const built of Object.values(entries)) {
  if (!existsSync(built)) {
    console.error(`bench/mcp: ${built} is missing; run \`pnpm install\` and \`pnpm build\` first.`);
    process.exit(1);
  }
}
const { Pool } = await import(entries.undici);
const { Client } = await import(entries.client);
const { StreamableHTTPClientTransport } = await import(entries.clientTransport);

const quick = process.argv.includes('--quick');
const CONCURRENCY = 16;
const WARMUP_MS = quick ? 500 : 2000;
const MEASURE_MS = quick ? 1500 : 9000; // per side
const ROUNDS = quick ? 3 : 9;
const COLD_STARTS = quick ? 3 : 9;
const API_KEY = 'sk-ant-bench-key';

// Closed-loop load and the sandbox child process come from ./lib/load.mjs, shared with the other benches.
const run = (call, durationMs) => runClosedLoop({ call, durationMs, concurrency: CONCURRENCY });
const startSandbox = async () => {
  const sandbox = await startSandboxProcess({ bin: entries.sandboxBin, apiKey: API_KEY });
  track(sandbox.child);
  return sandbox;
};
const NS = 'managed-agents-sessions';
const MCP_NS = 'managed-agents-sessions-mcp';
const SEED = join(root, 'capabilities/managed-agents-sessions.yaml');
const HEADERS = {
  'x-api-key': API_KEY,
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'managed-agents-2026-04-01',
};
const AIMS = { peerRatio: 2, rssMb: 100, coldStartMs: 500 };
// Node flags for naftiko's process, e.g. BENCH_NAFTIKO_NODE_ARGS='--max-semi-space-size=4' (the
// README's memory setting) or '--cpu-prof --cpu-prof-dir=/tmp/prof' to profile under load.
const NAFTIKO_NODE_ARGS = (process.env.BENCH_NAFTIKO_NODE_ARGS ?? '').split(' ').filter(Boolean);

const children = [];
const clients = [];
let direct;
try {
  const sandbox = await startSandbox();
  direct = new Pool(sandbox.url, { connections: 128, keepAliveTimeout: 30_000 });
  const session = await createBenchSession({ url: sandbox.url, headers: HEADERS });

  const runArgs = [
    'run',
    SEED,
    '--base-uri',
    `${NS}=${sandbox.url}`,
    '--port',
    `${MCP_NS}=0`,
    '--log-level',
    'warn',
  ];
  const runEnv = {
    PATH: process.env.PATH ?? '',
    NO_COLOR: '1',
    ANTHROPIC_API_KEY: API_KEY,
  };

  // Cold start: spawn to the listening line, each in a fresh process.
  const coldStarts = [];
  for (let index = 0; index < COLD_STARTS; index++) {
    const started = performance.now();
    const server = await startNaftiko(runArgs, runEnv);
    coldStarts.push(performance.now() - started);
    await server.stop();
  }
  const naftiko = await startNaftiko(runArgs, runEnv);
  const naftikoIdle = readMemory(naftiko.pid);
  const peer = await startPeer(sandbox.url);

  const peerTool = await findPeerTool(peer.url);
  await checkWithSdkClient(
    naftiko.url,
    'anthropic-get-session',
    session.id,
    (result) => result.structuredContent?.id,
  );
  await checkWithSdkClient(
    peer.url,
    peerTool,
    session.id,
    (result) => JSON.parse(result.content?.[0]?.text ?? '{}').id,
  );
  const naftikoClients = await openSessions(naftiko.url);
  const modernClients = Array.from({ length: CONCURRENCY }, () => openModernClient(naftiko.url));
  const peerClients = await openSessions(peer.url);
  const path = `/v1/sessions/${session.id}`;

  const sides = {
    'direct HTTP': async () => {
      const response = await direct.request({ method: 'GET', path, headers: HEADERS });
      const value = await response.body.json();
      if (response.statusCode !== 200 || value.id !== session.id) throw new Error('unexpected direct answer');
    },
    'naftiko run': async (worker) => {
      const result = await naftikoClients[worker].callTool({
        name: 'anthropic-get-session',
        arguments: { session_id: session.id },
      });
      if (result.isError || result.structuredContent?.id !== session.id) {
        throw new Error(`unexpected naftiko answer: ${JSON.stringify(result).slice(0, 300)}`);
      }
    },
    'naftiko run 2026': async (worker) => {
      const result = await modernClients[worker].callTool({
        name: 'anthropic-get-session',
        arguments: { session_id: session.id },
      });
      if (result.isError || result.resultType !== 'complete' || result.structuredContent?.id !== session.id) {
        throw new Error(`unexpected naftiko 2026-07-28 answer: ${JSON.stringify(result).slice(0, 300)}`);
      }
    },
    'openapi-mcp-server': async (worker) => {
      const result = await peerClients[worker].callTool({
        name: peerTool,
        arguments: { session_id: session.id },
      });
      const text = result.content?.[0]?.text ?? '';
      if (result.isError || JSON.parse(text).id !== session.id) {
        throw new Error(`unexpected peer answer: ${JSON.stringify(result).slice(0, 300)}`);
      }
    },
  };

  for (const call of Object.values(sides)) await run(call, WARMUP_MS);
  const samples = Object.fromEntries(
    Object.keys(sides).map((name) => [name, { calls: 0, ms: 0, latencies: [] }]),
  );
  // CPU time of the process serving each side (the upstream for direct calls): a per-call cost
  // that, unlike calls per second, hardly moves with other load on the machine.
  const servingPid = {
    'direct HTTP': sandbox.pid,
    'naftiko run': naftiko.pid,
    'naftiko run 2026': naftiko.pid,
    'openapi-mcp-server': peer.pid,
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of Object.entries(sides)) {
      const cpuBefore = readCpuMs(servingPid[name]);
      const phase = await run(call, MEASURE_MS / ROUNDS);
      samples[name].cpuMs = (samples[name].cpuMs ?? 0) + readCpuMs(servingPid[name]) - cpuBefore;
      samples[name].calls += phase.calls;
      samples[name].ms += phase.ms;
      samples[name].latencies.push(...phase.latencies);
    }
  }
  const memory = { naftikoIdle, naftiko: readMemory(naftiko.pid), peer: readMemory(peer.pid) };

  const rows = Object.entries(samples).map(([name, sample]) => {
    const sorted = Float64Array.from(sample.latencies).sort();
    return {
      name,
      callsPerSecond: Math.round((sample.calls / sample.ms) * 1000),
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      calls: sample.calls,
      serverCpuMsPerCall: sample.cpuMs / sample.calls,
    };
  });
  const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
  const ours = byName['naftiko run'];
  const theirs = byName['openapi-mcp-server'];
  const peerRatio = ours.callsPerSecond / theirs.callsPerSecond;
  const modern = byName['naftiko run 2026'];
  const modernPeerRatio = modern.callsPerSecond / theirs.callsPerSecond;
  const cold = Float64Array.from(coldStarts).sort();
  const coldMedian = percentile(cold, 0.5);

  console.log(
    `anthropic-get-session against the sandbox (own process), ${CONCURRENCY} concurrent clients (one MCP session each), ` +
      `${MEASURE_MS / 1000} s measured per side in ${ROUNDS} alternating rounds after ${WARMUP_MS / 1000} s warm-up` +
      `${quick ? ' (quick)' : ''}\n`,
  );
  console.log(
    `${'side'.padEnd(20)}${'calls/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'calls'.padStart(10)}${'server CPU ms/call'.padStart(20)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(20)}${String(row.callsPerSecond).padStart(10)}${row.p50Ms.toFixed(2).padStart(10)}` +
        `${row.p99Ms.toFixed(2).padStart(10)}${String(row.calls).padStart(10)}${row.serverCpuMsPerCall.toFixed(3).padStart(20)}`,
    );
  }
  const mb = (kb) => (kb / 1024).toFixed(1);
  console.log(
    `\nresident memory after the load: naftiko ${mb(memory.naftiko.rssKb)} MB (peak ${mb(memory.naftiko.peakKb)} MB, ` +
      `${mb(memory.naftikoIdle.rssKb)} MB idle after start; node flags: ${NAFTIKO_NODE_ARGS.join(' ') || 'none'}), ` +
      `openapi-mcp-server ${mb(memory.peer.rssKb)} MB (peak ${mb(memory.peer.peakKb)} MB)`,
  );
  console.log(
    `cold start of naftiko run to listening: median ${coldMedian.toFixed(0)} ms, min ${cold[0].toFixed(0)} ms, ` +
      `max ${cold[cold.length - 1].toFixed(0)} ms (${COLD_STARTS} starts)`,
  );
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  console.log(
    `\nnaftiko / openapi-mcp-server calls/s: ${peerRatio.toFixed(2)} (aim >= ${AIMS.peerRatio}: ${verdict(peerRatio >= AIMS.peerRatio)})`,
  );
  console.log(
    `p99 naftiko ${ours.p99Ms.toFixed(2)} ms vs peer ${theirs.p99Ms.toFixed(2)} ms (aim lower: ${verdict(ours.p99Ms < theirs.p99Ms)})`,
  );
  console.log(
    `2026-07-28: naftiko / openapi-mcp-server calls/s ${modernPeerRatio.toFixed(2)} (aim >= ${AIMS.peerRatio}: ${verdict(modernPeerRatio >= AIMS.peerRatio)}), ` +
      `p99 ${modern.p99Ms.toFixed(2)} ms (aim lower than the peer's: ${verdict(modern.p99Ms < theirs.p99Ms)})`,
  );
  console.log(
    `naftiko peak RSS ${mb(memory.naftiko.peakKb)} MB (aim < ${AIMS.rssMb} MB: ${verdict(memory.naftiko.peakKb / 1024 < AIMS.rssMb)})`,
  );
  console.log(
    `cold start ${coldMedian.toFixed(0)} ms (aim < ${AIMS.coldStartMs} ms: ${verdict(coldMedian < AIMS.coldStartMs)})`,
  );

  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/mcp.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, quick, concurrency: CONCURRENCY, rows, peerRatio, modernPeerRatio, memory, coldStartsMs: coldStarts }, null, 2)}\n`,
  );
} finally {
  // destroy, not close: a session's GET stream never ends by itself.
  await Promise.allSettled(clients.map((pool) => pool.destroy()));
  await direct?.close();
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}

/** `CONCURRENCY` workers loop on `call(worker)` until `durationMs` has passed. */

/** The official SDK client calls the tool once: both servers must answer it correctly. */
async function checkWithSdkClient(url, tool, id, read) {
  const client = new Client({ name: 'bench-check', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    const result = await client.callTool({ name: tool, arguments: { session_id: id } });
    if (result.isError || read(result) !== id)
      throw new Error(`${url} answered ${JSON.stringify(result).slice(0, 300)}`);
  } finally {
    await client.close();
  }
}

/** The peer names its tools after the operationIds of the OpenAPI document. */
async function findPeerTool(url) {
  const client = new Client({ name: 'bench-list', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  try {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'getsession');
    if (!tool)
      throw new Error(`openapi-mcp-server has no getsession tool: ${tools.map((t) => t.name).join(', ')}`);
    return tool.name;
  } finally {
    await client.close();
  }
}

/**
 * A lean 2026-07-28 client: no session and no handshake, each request a POST carrying the
 * protocol version, client capabilities and client info in `_meta` and the `Mcp-*` headers the
 * revision requires, answered with one JSON body (or SSE) on a keep-alive connection.
 */
function openModernClient(url) {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections: 1, pipelining: 1, keepAliveTimeout: 30_000 });
  clients.push(pool);
  let nextId = 1;
  const envelope = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
  };
  return {
    callTool: async (params) => {
      const id = nextId++;
      const response = await pool.request({
        method: 'POST',
        path: pathname,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'tools/call',
          'mcp-name': params.name,
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { ...params, _meta: envelope },
        }),
      });
      const text = await response.body.text();
      if (response.statusCode >= 300)
        throw new Error(`${url} answered ${response.statusCode}: ${text.slice(0, 200)}`);
      const messages = String(response.headers['content-type'] ?? '').includes('text/event-stream')
        ? text
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => JSON.parse(line.slice(6)))
        : [JSON.parse(text)];
      const answer = messages.find((message) => message.id === id);
      if (!answer || answer.error)
        throw new Error(`${url}: ${JSON.stringify(answer?.error ?? messages).slice(0, 200)}`);
      return answer.result;
    },
  };
}

/** `CONCURRENCY` MCP sessions, each initialized over its own keep-alive connection. */
async function openSessions(url) {
  const sessions = [];
  for (let index = 0; index < CONCURRENCY; index++) sessions.push(await openSession(url));
  return sessions;
}

/**
 * A lean Streamable HTTP client: one session, requests as JSON-RPC POSTs on a keep-alive
 * connection, answers read from the POST response (JSON or SSE) or, for servers that answer on
 * the session's GET stream (openapi-mcp-server does), from that stream.
 */
async function openSession(url) {
  const { origin, pathname } = new URL(url);
  // One connection for POSTs, one for the GET stream.
  const pool = new Pool(origin, { connections: 2, pipelining: 1, keepAliveTimeout: 30_000 });
  clients.push(pool);
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const pending = new Map();
  let nextId = 1;
  const deliver = (message) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`${url}: ${message.error.message}`));
    else waiter.resolve(message.result);
  };
  const parse = (type, text) =>
    type.includes('text/event-stream')
      ? text
          .split('\n')
          .filter((line) => line.startsWith('data: ') && line.length > 6)
          .map((line) => JSON.parse(line.slice(6)))
      : text.trim() === ''
        ? []
        : [JSON.parse(text)].flat();
  const rpc = async (method, params) => {
    const id = nextId++;
    const answered = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    const response = await pool.request({
      method: 'POST',
      path: pathname,
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300)
      throw new Error(`${url} answered ${response.statusCode}: ${text.slice(0, 200)}`);
    for (const message of parse(String(response.headers['content-type'] ?? ''), text)) deliver(message);
    return { result: await answered, response };
  };
  const { result, response } = await rpc('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'bench', version: '1.0.0' },
  });
  const sessionId = response.headers['mcp-session-id'];
  if (sessionId) headers['mcp-session-id'] = sessionId;
  headers['mcp-protocol-version'] = result.protocolVersion;
  await (
    await pool.request({
      method: 'POST',
      path: pathname,
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    })
  ).body.text();
  // Not awaited: some servers send the stream's headers only with its first event.
  pool
    .request({
      method: 'GET',
      path: pathname,
      headers: { accept: 'text/event-stream', ...(sessionId ? { 'mcp-session-id': sessionId } : {}) },
    })
    .then((stream) => {
      if (stream.statusCode !== 200) return stream.body.text();
      let buffer = '';
      stream.body.setEncoding('utf8');
      stream.body.on('data', (chunk) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          for (const message of parse('text/event-stream', buffer.slice(0, end))) deliver(message);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      });
      stream.body.on('error', () => {});
    })
    .catch(() => {});
  return {
    callTool: async (params) => (await rpc('tools/call', params)).result,
  };
}

/** VmRSS and VmHWM (peak) of a process, from /proc (Linux). */
function readMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
}

function track(child) {
  children.push(child);
  return child;
}

function startNaftiko(args, env) {
  const nodeArgs = NAFTIKO_NODE_ARGS;
  const child = track(
    spawn(process.execPath, [...nodeArgs, entries.cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors += chunk;
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`naftiko run exited early (code ${code}):\n${errors}`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = / listening on (\S+)\n/.exec(output);
      if (match) {
        child.removeAllListeners('exit');
        resolve({
          url: match[1],
          pid: child.pid,
          stop: () =>
            new Promise((done) => {
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startPeer(upstream) {
  const port = await freePort();
  const child = track(
    spawn(
      process.execPath,
      [
        entries.peer,
        '--api-base-url',
        upstream,
        '--openapi-spec',
        join(root, 'bench/mcp-openapi.json'),
        '--headers',
        Object.entries(HEADERS)
          .map(([name, value]) => `${name}:${value}`)
          .join(','),
        '--transport',
        'http',
        '--port',
        String(port),
      ],
      { env: { PATH: process.env.PATH ?? '', VERBOSE: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}/mcp`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`openapi-mcp-server exited early:\n${output}`);
    try {
      await fetch(url, { method: 'DELETE' });
      return { url, pid: child.pid };
    } catch {
      if (Date.now() > deadline) throw new Error(`openapi-mcp-server did not listen:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
