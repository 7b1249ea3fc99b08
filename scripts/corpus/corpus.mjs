#!/usr/bin/env node
// `pnpm corpus [folders...] [--sample N] [--json]`: how the built CLI does on real capability
// files. A report, not a test: see README.md for what each figure means.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRecordingUpstream } from './create-recording-upstream.mjs';
import { compareWithAims, formatReport } from './format-report.mjs';
import { listCorpusFiles } from './list-corpus-files.mjs';
import { migrateFiles } from './migrate-files.mjs';
import { parseCorpusArgs, USAGE } from './parse-corpus-args.mjs';
import { pickSample } from './pick-sample.mjs';
import { runLimited } from './run-limited.mjs';
import { runSampleFile } from './run-sample-file.mjs';
import { summarizeRun } from './summarize-run.mjs';
import { summarizeValidation } from './summarize-validation.mjs';
import { validateFiles } from './validate-files.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../../packages/cli/dist/naftiko.mjs', import.meta.url));
// Files started at once: each is a Node process plus the calls into it, on a small machine.
const CONCURRENCY = 3;

async function main() {
  let options;
  try {
    options = parseCorpusArgs({ argv: process.argv.slice(2), cwd: process.cwd(), root });
  } catch (error) {
    process.stderr.write(`corpus: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  for (const folder of options.folders) {
    if (!existsSync(folder)) {
      process.stderr.write(`corpus: no folder '${folder}'\n`);
      return 2;
    }
  }
  if (!existsSync(bin)) {
    process.stderr.write(`corpus: ${bin} is missing; run 'pnpm build' first\n`);
    return 2;
  }
  const began = Date.now();
  // Every child process (validate batches, started files) is in `running` until it ends, so an
  // interrupted report stops them all instead of leaving listeners behind.
  const running = new Set();
  const interrupted = new AbortController();
  const stopAll = () => Promise.all([...running].map((child) => child.stop()));
  const onSignal = () => {
    interrupted.abort();
    stopAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const files = listCorpusFiles({ folders: options.folders });
  const progress = (text) => options.json || process.stderr.write(`${text}\n`);
  let results;
  let validation;
  let migration;
  const upstream = await createRecordingUpstream();
  try {
    progress(`validating ${files.length} files`);
    const validated = await validateFiles({ bin, files, running });
    validation = summarizeValidation({ results: validated });
    const sample = pickSample({
      files: validated.filter((r) => r.valid).map((r) => r.file),
      size: options.sample,
    });
    if (options.migrate) {
      progress(`migrating ${validated.filter((r) => r.valid).length} accepted files and back`);
      migration = await migrateFiles({ files: validated.filter((r) => r.valid).map((r) => r.file) });
    }
    progress(`starting ${sample.length} accepted files`);
    results = await runLimited({
      items: sample,
      limit: CONCURRENCY,
      task: (file, index) =>
        runSampleFile({ bin, file, index, upstream, running, signal: interrupted.signal }),
    });
  } finally {
    await stopAll();
    await upstream.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const run = summarizeRun({ results });
  const aims = compareWithAims({ validation, run });
  const seconds = (Date.now() - began) / 1000;
  if (options.json) {
    const summary = { folders: options.folders, seconds, aims, validation, run, migration, files: results };
    summary.unattributed = upstream.unattributed.length;
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    process.stdout.write(
      formatReport({
        folders: options.folders,
        validation,
        run,
        migration,
        aims,
        unattributed: upstream.unattributed.length,
        seconds,
      }),
    );
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`corpus: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
