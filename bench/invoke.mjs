// engine.invoke vs a direct undici request, against the sandbox, side by side in one run.
// Plain ESM against the built packages: run `pnpm build` first (`pnpm bench` does).
// Usage: node bench/invoke.mjs [--quick]
//
// Every side issues `GET /v1/sessions/{id}` (the seed's `getsession`) with the same headers, from
// 16 concurrent callers, and parses the JSON answer: a direct undici Pool request, the engine's
// `invoke` (arguments, with-resolution, consumer, output), and - to tell core's share from the
// consumer's - the http consumer's `doInvoke` alone. The sandbox runs in a child process so its
// CPU does not dilute the client-side cost being compared. Phases alternate in short rounds so
// machine noise hits all sides alike; the numbers of each side are merged.
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
  undici: join(root, 'packages/consumer-http/node_modules/undici/index.js'),
};
for (const built of Object.values(entries)) {
  if (!existsSync(built)) {
    console.error(`bench/invoke: ${built} is missing; run \`pnpm build\` first.`);
    process.exit(1);
  }
}
const { validateCapability } = await import(entries.spec);
const { createCapability, createEngine } = await import(entries.core);
const { createHttpConsumer } = await import(entries.consumer);
const { Pool } = await import(entries.undici);

const quick = process.argv.includes('--quick');
const CONCURRENCY = 16;
const WARMUP_MS = quick ? 300 : 1500;
const MEASURE_MS = quick ? 1000 : 5000; // per side
// Many short alternating phases: on a shared machine, load spikes then hit every side alike.
const ROUNDS = quick ? 2 : 10;
const AIM_RATIO = 0.8;
const API_KEY = 'sk-ant-bench-key';

// Closed-loop load and the sandbox child process come from ./lib/load.mjs, shared with the other benches.
const run = (call, durationMs) => runClosedLoop({ call, durationMs, concurrency: CONCURRENCY });
const startSandbox = () => startSandboxProcess({ bin: entries.sandboxBin, apiKey: API_KEY });
const NS = 'managed-agents-sessions';
const SEED = join(root, 'capabilities/managed-agents-sessions.yaml');
const HEADERS = {
  'x-api-key': API_KEY,
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'managed-agents-2026-04-01',
};

const sandbox = await startSandbox();
const closers = [];
let engine;
let direct;
try {
  direct = new Pool(sandbox.url, { connections: 128, keepAliveTimeout: 30_000 });
  const session = await createBenchSession({ url: sandbox.url, headers: HEADERS });
  const path = `/v1/sessions/${session.id}`;

  const validation = validateCapability({ path: SEED });
  if (!validation.value) throw new Error('the seed capability does not validate');
  engine = createEngine({
    capability: createCapability(validation.value),
    consumers: [createHttpConsumer()],
    // The seed also exposes MCP; nothing needs to listen for this bench.
    exposers: [
      {
        specificationVersion: 'v1',
        type: 'mcp',
        doCreate: () => ({ doStart: async () => [], doStop: async () => {} }),
      },
    ],
    env: { ANTHROPIC_API_KEY: API_KEY },
    overrides: { baseUri: { [NS]: sandbox.url } },
  });
  await engine.start();

  const { compileTemplate, createRedactor, createTemplateContext } = await import(entries.core);
  const bindings = {
    flat: { ANTHROPIC_API_KEY: API_KEY },
    byNamespace: { env: { ANTHROPIC_API_KEY: API_KEY } },
  };
  const consumes = validation.value.document.capability.consumes[0];
  const consumer = createHttpConsumer().doCreate({
    consumes: { ...consumes, baseUri: sandbox.url },
    compileTemplate,
    bindings,
    baseDir: root,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    redactor: createRedactor({ values: [API_KEY] }),
  });
  closers.push(() => consumer.doClose());

  const sides = {
    'direct undici': async () => {
      const response = await direct.request({ method: 'GET', path, headers: HEADERS });
      const value = await response.body.json();
      if (response.statusCode !== 200 || value.id !== session.id) throw new Error('unexpected direct answer');
    },
    'engine.invoke': async () => {
      const result = await engine.invoke(`${NS}.getsession`, { session_id: session.id });
      if (result.type !== 'json' || result.value.id !== session.id)
        throw new Error('unexpected engine answer');
    },
    'consumer only': async () => {
      const parameters = { session_id: session.id };
      const templateContext = createTemplateContext({ bindings, parameters });
      const result = await consumer.doInvoke({ operation: 'getsession', parameters, templateContext }, {});
      if (result.body.value.id !== session.id) throw new Error('unexpected consumer answer');
    },
  };

  for (const call of Object.values(sides)) await run(call, WARMUP_MS);
  const samples = Object.fromEntries(
    Object.keys(sides).map((name) => [name, { calls: 0, ms: 0, latencies: [] }]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of Object.entries(sides)) {
      const phase = await run(call, MEASURE_MS / ROUNDS);
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
      calls: sample.calls,
    };
  });
  const [directRow, engineRow, consumerRow] = rows;
  const ratio = engineRow.callsPerSecond / directRow.callsPerSecond;
  const consumerRatio = consumerRow.callsPerSecond / directRow.callsPerSecond;

  console.log(
    `getsession against the sandbox (child process), ${CONCURRENCY} concurrent callers, ` +
      `${MEASURE_MS / 1000} s measured per side in ${ROUNDS} alternating rounds after ${WARMUP_MS / 1000} s warm-up` +
      `${quick ? ' (quick)' : ''}\n`,
  );
  console.log(
    `${'side'.padEnd(16)}${'calls/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'calls'.padStart(10)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(16)}${String(row.callsPerSecond).padStart(10)}${row.p50Ms.toFixed(2).padStart(10)}` +
        `${row.p99Ms.toFixed(2).padStart(10)}${String(row.calls).padStart(10)}`,
    );
  }
  console.log(`\nconsumer only / direct: ${consumerRatio.toFixed(2)}`);
  console.log(
    `engine / direct: ${ratio.toFixed(2)} (aim >= ${AIM_RATIO}: ${ratio >= AIM_RATIO ? 'met' : 'NOT met'})`,
  );

  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/invoke.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, quick, concurrency: CONCURRENCY, rows, ratio, consumerRatio }, null, 2)}\n`,
  );
} finally {
  for (const close of closers) await close();
  await engine?.stop();
  await direct?.close();
  sandbox.stop();
}

/** `CONCURRENCY` callers loop on `call` until `durationMs` has passed. */
