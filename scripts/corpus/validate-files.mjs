import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { runLimited } from './run-limited.mjs';

const BATCH = 150;

/**
 * Phase 1: `naftiko validate <files> --format json` in batches (the real CLI, as a user runs it).
 * Returns one `{ file, valid, errors: [{ code, line, message }] }` per input file, in input order.
 */
export async function validateFiles({ bin, files, running = new Set(), limit = 2 }) {
  const batches = [];
  for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
  const reports = new Map();
  await runLimited({
    items: batches,
    limit,
    task: async (batch) => {
      const args = [bin, 'validate', ...batch.map((f) => f.path), '--format', 'json'];
      const { stdout, stderr, code } = await runNode(args, running);
      let parsed;
      try {
        parsed = JSON.parse(stdout);
      } catch {
        throw new Error(`naftiko validate exited ${code} without a JSON report: ${stderr.split('\n')[0]}`);
      }
      for (const report of parsed.files) reports.set(resolve(report.file), report);
    },
  });
  return files.map((file) => {
    const report = reports.get(file.path);
    if (report === undefined) {
      return {
        file,
        valid: false,
        errors: [{ code: 'no-report', line: 0, message: 'validate did not report it' }],
      };
    }
    const errors = report.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => ({ code: d.code, line: d.line ?? 0, message: d.message }));
    return { file, valid: report.valid === true, errors };
  });
}

/** Runs the CLI; while it runs, `running` holds a handle that stops it (the harness's Ctrl-C). */
function runNode(args, running) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const handle = { stop: async () => child.kill('SIGTERM') };
    running.add(handle);
    child.on('close', () => running.delete(handle));
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code }),
    );
  });
}
