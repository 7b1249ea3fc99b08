// The hand-written stand-ins beside the libraries they shadow, side by side in one run: each is
// kept only for the gain printed here (the package READMEs quote it) and has a test that fails
// when the library changes. Plain ESM against the built packages: run `pnpm build` first.
// Usage: node bench/stand-ins.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const quick = process.argv.includes('--quick');
const dist = (file) => pathToFileURL(join(root, 'packages', file)).href;
for (const file of ['core/dist/index.js', 'consumer-http/dist/index.js']) {
  if (!existsSync(join(root, 'packages', file))) {
    console.error(`bench/stand-ins: packages/${file} is missing; run \`pnpm build\` first.`);
    process.exit(1);
  }
}
const fromCore = createRequire(join(root, 'packages/core/package.json'));
const fromConsumer = createRequire(join(root, 'packages/consumer-http/package.json'));

/** Median time per operation in µs over `rounds` rounds of `batch` calls. */
function perCall(fn, { batch = 2_000, rounds = quick ? 5 : 21 } = {}) {
  for (let i = 0; i < batch; i++) fn(i); // warm
  const times = [];
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn(i);
    times.push(Number(process.hrtime.bigint() - started) / 1_000 / batch);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** Median wall time in ms of a fresh `node -e code`, minus that of an empty one. */
function coldLoad(code, runs = quick ? 5 : 15) {
  const time = (source) => {
    const samples = [];
    for (let run = 0; run < runs; run++) {
      const started = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', source], { cwd: join(root, 'packages/consumer-http') });
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  };
  return time(code) - time('');
}

const rows = [];
const row = (what, ours, library, unit) => {
  rows.push({ what, ours, library, unit });
  console.log(`${what.padEnd(58)} ${ours.toFixed(2).padStart(9)} ${library.toFixed(2).padStart(9)} ${unit}`);
};
console.log(`${'stand-in vs library'.padEnd(58)} ${'ours'.padStart(9)} ${'library'.padStart(9)}`);

// 1. Argument validation: compiled plain checks vs ajv (core/src/actions/validate-arguments.ts).
{
  const { compileArgumentValidator } = await import(dist('core/dist/actions/validate-arguments.js'));
  const { Ajv } = fromCore('ajv');
  const schema = {
    type: 'object',
    properties: { id: { type: 'string', pattern: '^[a-z0-9-]+$' }, limit: { type: 'integer' } },
    required: ['id'],
  };
  const args = { id: 'sess-1', limit: 5 };
  const compileOurs = perCall((i) => compileArgumentValidator({ schema, place: `m.t${i}` }), { batch: 200 });
  const compileAjv = perCall(
    () =>
      new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(structuredClone(schema)),
    { batch: 20 },
  );
  row('argument validator: compile one action schema', compileOurs, compileAjv, 'µs');
  const ours = compileArgumentValidator({ schema, place: 'm.t' });
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  row(
    'argument validator: validate valid arguments',
    perCall(() => ours(args)),
    perCall(() => ajv(args)),
    'µs',
  );
}

// 2. Templates: text with only {{path}} insertions vs Handlebars (core/src/simple-template.ts).
{
  const { compileTemplate, compileTemplateWithHandlebars } = await import(dist('core/dist/template.js'));
  const source = 'Bearer {{env.API_KEY}} for {{tools.id}}';
  const context = { env: { API_KEY: 'k' }, tools: { id: 'x' } };
  row(
    'template: compile (a fresh source each time)',
    perCall((i) => compileTemplate(`${source} ${i}`), { batch: 200 }),
    perCall((i) => compileTemplateWithHandlebars(`${source} ${i}`), { batch: 200 }),
    'µs',
  );
  const ours = compileTemplate(source);
  const theirs = compileTemplateWithHandlebars(source);
  row(
    'template: render',
    perCall(() => ours.render(context)),
    perCall(() => theirs.render(context)),
    'µs',
  );
}

// 3. Call deadlines: one timer for all calls vs AbortSignal.timeout + AbortSignal.any per call
// (consumer-http/src/create-call-deadlines.ts).
{
  const { createCallDeadlines } = await import(dist('consumer-http/dist/create-call-deadlines.js'));
  const deadlines = createCallDeadlines({ timeoutMs: 30_000 });
  const caller = new AbortController();
  const noop = () => {};
  const ours = perCall(() => {
    const control = deadlines.start(caller.signal);
    control.once('abort', noop);
    control.release();
  });
  const library = perCall(() => {
    const signal = AbortSignal.any([caller.signal, AbortSignal.timeout(30_000)]);
    signal.addEventListener('abort', noop, { once: true });
    signal.removeEventListener('abort', noop);
  });
  deadlines.close();
  row('call deadline: start, listen, release one call', ours, library, 'µs');
}

// 4. Multipart: encodeMultipartForm vs undici's FormData + Response (consumer-http).
{
  const { encodeMultipartForm } = await import(dist('consumer-http/dist/encode-multipart-form.js'));
  const { FormData, Response } = fromConsumer('undici');
  const parts = [
    { name: 'title', value: 'A note' },
    { name: 'file', value: 'x'.repeat(2_000), filename: 'note.txt', contentType: 'text/plain' },
  ];
  const ours = perCall(() => encodeMultipartForm({ parts }), { batch: 500 });
  const samples = [];
  for (let round = 0; round < (quick ? 3 : 9); round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < 500; i++) {
      const form = new FormData();
      form.append('title', 'A note');
      form.append('file', new Blob(['x'.repeat(2_000)], { type: 'text/plain' }), 'note.txt');
      await new Response(form).arrayBuffer();
    }
    samples.push(Number(process.hrtime.bigint() - started) / 1_000 / 500);
  }
  row(
    'multipart: encode a text and a 2 kB file part',
    ours,
    samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)],
    'µs',
  );
}

// 5. undici: its three files (create-pool.ts) vs its index, loaded cold in a fresh process.
{
  const files =
    "require('undici/lib/dispatcher/pool.js');require('undici/lib/api/api-request.js');require('undici/lib/api/api-stream.js')";
  row('undici: cold load, Pool + request + stream', coldLoad(files), coldLoad("require('undici')"), 'ms');
}

const out = join(root, 'bench/results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'stand-ins.json'), `${JSON.stringify({ node: process.version, rows }, null, 2)}\n`);
