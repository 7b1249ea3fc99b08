// What x-naftiko-resilience costs per call when on, as a ratio to the same engine with it off.
// Plain ESM against the built packages: run `pnpm build` first (`pnpm bench` does).
// Usage: node bench/resilience.mjs [--quick]
//
// Every side is `engine.invoke('managed-agents-sessions.getsession')` on the seed against the
// sandbox (a child process), 16 concurrent callers, alternating rounds; the upstream answers
// 200, so no retry ever happens: what is measured is the bookkeeping of a healthy call.
//   off               the seed as written (no wrapper, the consumer's one deadline clock)
//   timeout + retry   a per-operation deadline and a retry policy (the attempt loop)
//   + breaker         a circuit breaker per upstream (one store read per call, in memory)
//   + rate limit      an outbound limit far above the load (one counter per call)
//   cache hit         a 60 s cache on the operation: every call after the first is a hit
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchSession, percentile, runClosedLoop, startSandboxProcess } from './lib/load.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entries = {
  spec: join(root, 'packages/spec/dist/index.js'),
  core: join(root, 'packages/core/dist/index.js'),
  consumer: join(root, 'packages/consumer-http/dist/index.js'),
  sandboxBin: join(root, 'packages/sandbox/dist/bin.js'),
};
for (const built of Object.values(entries)) {
  if (!existsSync(built)) {
    console.error(`bench/resilience: ${built} is missing; run \`pnpm build\` first.`);
    process.exit(1);
  }
}
const { validateCapability } = await import(entries.spec);
const { createCapability, createEngine } = await import(entries.core);
const { createHttpConsumer } = await import(entries.consumer);

const quick = process.argv.includes('--quick');
const CONCURRENCY = 16;
const WARMUP_MS = quick ? 300 : 1500;
const MEASURE_MS = quick ? 1000 : 5000; // per side
const ROUNDS = quick ? 2 : 10;
const API_KEY = 'sk-ant-bench-key';
const NS = 'managed-agents-sessions';
const SEED = join(root, 'capabilities/managed-agents-sessions.yaml');
const HEADERS = {
  'x-api-key': API_KEY,
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'managed-agents-2026-04-01',
};
const RESILIENCE = {
  off: undefined,
  'timeout + retry': { timeoutMs: 30_000, retry: { maxAttempts: 3 } },
  '+ breaker': {
    timeoutMs: 30_000,
    retry: { maxAttempts: 3 },
    circuitBreaker: { failureThreshold: 5, openMs: 30_000 },
  },
  '+ rate limit': {
    timeoutMs: 30_000,
    retry: { maxAttempts: 3 },
    circuitBreaker: { failureThreshold: 5, openMs: 30_000 },
    rateLimit: { requests: 100_000_000, perMs: 1000 },
  },
  'cache hit': { cache: { ttlMs: 60_000 } },
};

const sandbox = await startSandboxProcess({ bin: entries.sandboxBin, apiKey: API_KEY });
const engines = [];
try {
  const session = await createBenchSession({ url: sandbox.url, headers: HEADERS });
  const sides = {};
  for (const [name, block] of Object.entries(RESILIENCE)) {
    const validation = validateCapability({ path: SEED });
    if (!validation.value) throw new Error('the seed capability does not validate');
    if (block !== undefined) validation.value.document.capability.consumes[0]['x-naftiko-resilience'] = block;
    const engine = createEngine({
      capability: createCapability(validation.value),
      consumers: [createHttpConsumer()],
      serve: false,
      env: { ANTHROPIC_API_KEY: API_KEY },
      overrides: { baseUri: { [NS]: sandbox.url } },
    });
    await engine.start();
    engines.push(engine);
    sides[name] = async () => {
      const result = await engine.invoke(`${NS}.getsession`, { session_id: session.id });
      if (result.type !== 'json' || result.value.id !== session.id)
        throw new Error(`unexpected answer (${name})`);
    };
  }

  const run = (call, durationMs) => runClosedLoop({ call, durationMs, concurrency: CONCURRENCY });
  for (const call of Object.values(sides)) await run(call, WARMUP_MS);
  const samples = Object.fromEntries(
    Object.keys(sides).map((name) => [name, { calls: 0, ms: 0, cpuUs: 0, latencies: [] }]),
  );
  const order = Object.entries(sides);
  for (let round = 0; round < ROUNDS; round++) {
    // Each round starts with the next side: no side always runs first (after the others' garbage).
    for (const [name, call] of [
      ...order.slice(round % order.length),
      ...order.slice(0, round % order.length),
    ]) {
      // This process's CPU time (the sandbox is another process): what load on the machine moves least.
      const cpu = process.cpuUsage();
      const phase = await run(call, MEASURE_MS / ROUNDS);
      const used = process.cpuUsage(cpu);
      samples[name].cpuUs += used.user + used.system;
      samples[name].calls += phase.calls;
      samples[name].ms += phase.ms;
      samples[name].latencies.push(...phase.latencies);
    }
  }
  const rows = Object.entries(samples).map(([name, sample]) => {
    const sorted = Float64Array.from(sample.latencies).sort();
    return {
      name,
      callsPerSecond: Math.round((sample.calls / sample.ms) * 1000),
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      cpuUsPerCall: sample.cpuUs / sample.calls,
    };
  });
  const off = rows[0].callsPerSecond;
  const offCpu = rows[0].cpuUsPerCall;
  console.log(
    `getsession via engine.invoke against the sandbox (child process), ${CONCURRENCY} concurrent callers, ` +
      `${MEASURE_MS / 1000} s per side in ${ROUNDS} alternating rounds${quick ? ' (quick)' : ''}\n`,
  );
  console.log(
    `${'side'.padEnd(18)}${'calls/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'/ off'.padStart(8)}`,
  );
  for (const row of rows) {
    row.ratioToOff = row.callsPerSecond / off;
    row.cpuRatioToOff = row.cpuUsPerCall / offCpu;
    console.log(
      `${row.name.padEnd(18)}${String(row.callsPerSecond).padStart(10)}${row.p50Ms.toFixed(2).padStart(10)}` +
        `${row.p99Ms.toFixed(2).padStart(10)}${row.ratioToOff.toFixed(2).padStart(8)}` +
        `${row.cpuUsPerCall.toFixed(0).padStart(13)}${row.cpuRatioToOff.toFixed(2).padStart(8)}`,
    );
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/resilience.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, quick, concurrency: CONCURRENCY, rows }, null, 2)}\n`,
  );
} finally {
  for (const engine of engines) await engine.stop();
  sandbox.stop();
}
