// Validation throughput and CLI cold start. Plain ESM against the built packages: run `pnpm build`
// first (`pnpm bench` does). Usage: node bench/validate.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const specEntry = join(root, 'packages/spec/dist/index.js');
const cliBin = join(root, 'packages/cli/dist/naftiko.mjs');
for (const built of [specEntry, cliBin]) {
  if (!existsSync(built)) {
    console.error(`bench/validate: ${built} is missing; run \`pnpm build\` first.`);
    process.exit(1);
  }
}
const { validateCapability } = await import(specEntry);

const quick = process.argv.includes('--quick');
const MEASURE_MS = quick ? 300 : 2000;
const COLD_RUNS = quick ? 5 : 21;
const SEED = join(root, 'capabilities/managed-agents-sessions.yaml');
const AIM = { seedWarmMs: 5, coldStartMs: 400 };

/** A capability with `count` consumed operations, each exposed as an MCP tool. */
function generateCapability(count) {
  const perResource = 10;
  const lines = [
    'naftiko: "1.0.0-alpha2"',
    'info:',
    '  label: Generated benchmark capability',
    `  description: ${count} consumed operations, each exposed as an MCP tool.`,
    'capability:',
    '  consumes:',
    '    - type: http',
    '      namespace: bench-api',
    '      baseUri: https://api.bench.example',
    '      resources:',
  ];
  for (let resource = 0; resource < count / perResource; resource++) {
    lines.push(
      `        - name: resource-${resource}`,
      `          path: /v1/resource-${resource}`,
      '          operations:',
    );
    for (let op = 0; op < perResource; op++) {
      const name = `op-${resource}-${op}`;
      lines.push(
        `            - name: ${name}`,
        `              method: ${op % 2 === 0 ? 'GET' : 'POST'}`,
        `              description: Operation ${name}.`,
        '              outputRawFormat: json',
        '              inputParameters:',
        '                - name: id',
        '                  in: query',
      );
    }
  }
  lines.push(
    '  exposes:',
    '    - type: mcp',
    '      namespace: bench-mcp',
    '      port: 3001',
    '      description: Generated tools.',
    '      tools:',
  );
  for (let resource = 0; resource < count / perResource; resource++) {
    for (let op = 0; op < perResource; op++) {
      const name = `op-${resource}-${op}`;
      lines.push(
        `        - name: tool-${resource}-${op}`,
        `          description: Calls ${name}.`,
        '          inputParameters:',
        '            - name: id',
        '              type: string',
        '              required: true',
        '              description: Identifier.',
        `          call: bench-api.${name}`,
        '          with:',
        '            id: "{{id}}"',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function measure(label, run) {
  // Warm up so the JIT and the compiled schemas are in place, as in a long-running process.
  for (let i = 0; i < 5; i++) run();
  const samples = [];
  const started = performance.now();
  while (performance.now() - started < MEASURE_MS || samples.length < 5) {
    const t0 = performance.now();
    run();
    samples.push(performance.now() - t0);
  }
  const total = samples.reduce((sum, value) => sum + value, 0);
  return { label, runs: samples.length, filesPerSecond: (samples.length * 1000) / total, ...stats(samples) };
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { medianMs: at(0.5), p95Ms: at(0.95), minMs: sorted[0] };
}

function check(result, label) {
  const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    console.error(`bench/validate: the ${label} capability is invalid, the numbers would be meaningless:`);
    for (const error of errors.slice(0, 5))
      console.error(`  ${error.line}:${error.column} ${error.code} ${error.message}`);
    process.exit(1);
  }
  return result.diagnostics.length;
}

function coldStart(label, args) {
  const samples = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    samples.push(performance.now() - t0);
    if (child.status !== 0) {
      console.error(`bench/validate: \`node ${args.join(' ')}\` exited ${child.status}:\n${child.stderr}`);
      process.exit(1);
    }
  }
  return { label, runs: samples.length, ...stats(samples) };
}

const work = mkdtempSync(join(tmpdir(), 'naftiko-bench-'));
try {
  const generatedPath = join(work, 'generated-500.yaml');
  writeFileSync(generatedPath, generateCapability(500));
  const seedSource = readFileSync(SEED, 'utf8');
  const seedWarnings = check(validateCapability({ path: SEED }), 'seed');
  check(validateCapability({ path: generatedPath }), 'generated');

  const throughput = [
    measure('seed (7 operations), from disk', () => validateCapability({ path: SEED })),
    measure('seed (7 operations), from memory', () =>
      validateCapability({ source: seedSource, filename: SEED }),
    ),
    measure('generated (500 operations), from disk', () => validateCapability({ path: generatedPath })),
  ];
  const cold = [
    coldStart('node -e "" (baseline)', ['-e', '']),
    coldStart('naftiko --version', [cliBin, '--version']),
    coldStart('naftiko validate <seed>', [cliBin, 'validate', SEED, '--quiet']),
  ];

  console.log(`\nnaftiko validate benchmark (node ${process.version}, ${quick ? 'quick' : 'full'} run)\n`);
  console.log('Warm validation (validateCapability in one process)');
  console.table(
    throughput.map((row) => ({
      scenario: row.label,
      runs: row.runs,
      'files/s': Math.round(row.filesPerSecond),
      'median ms': row.medianMs.toFixed(2),
      'p95 ms': row.p95Ms.toFixed(2),
    })),
  );
  console.log(`The seed reports ${seedWarnings} warning(s) in the compatible dialect.\n`);
  console.log(`CLI cold start (spawned ${COLD_RUNS} times each)`);
  console.table(
    cold.map((row) => ({
      command: row.label,
      runs: row.runs,
      'median ms': row.medianMs.toFixed(1),
      'p95 ms': row.p95Ms.toFixed(1),
      'min ms': row.minMs.toFixed(1),
    })),
  );
  const seedWarm = throughput[0].medianMs;
  const coldValidate = cold[2].medianMs;
  console.log(
    `${seedWarm < AIM.seedWarmMs ? '✔' : '✖'} seed warm median ${seedWarm.toFixed(2)} ms (aim < ${AIM.seedWarmMs} ms)\n` +
      `${coldValidate < AIM.coldStartMs ? '✔' : '✖'} cold start median ${coldValidate.toFixed(0)} ms (aim < ${AIM.coldStartMs} ms)`,
  );

  const resultsDir = join(root, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, 'validate.json'),
    `${JSON.stringify({ node: process.version, quick, throughput, coldStart: cold, aim: AIM }, null, 2)}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
