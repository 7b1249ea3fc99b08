import { spawn } from 'node:child_process';

const LISTENING = /^(\S+)(?: (\S+))? listening on (\S+)$/;

/**
 * Phase 2 for one file: `naftiko run <file>` as a child process, every expose on port 0 at
 * 127.0.0.1, every consumes namespace pointed at the recording upstream, a dummy value for
 * every bind variable in a minimal environment (no real secret of the caller reaches it).
 * Resolves when every expose printed its listening line, or with the reason it did not start
 * (the first stderr line that is not a JSON log line: the error, or the first diagnostic).
 */
export async function startCapability({
  bin,
  file,
  plan,
  baseUris,
  running = new Set(),
  timeoutMs = 15_000,
}) {
  const args = ['run', file, '--host', '127.0.0.1', '--log-level', 'warn'];
  for (const expose of plan.exposes) {
    if (typeof expose.portKey === 'string') args.push('--port', `${expose.portKey}=0`);
  }
  for (const [namespace, url] of Object.entries(baseUris)) args.push('--base-uri', `${namespace}=${url}`);
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', ...plan.env },
  });
  const listeners = [];
  let stdout = '';
  let stderr = '';
  let exited = false;
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    });
    child.on('error', () => {
      exited = true;
      resolve({ code: null, signal: null });
    });
  });
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
  };
  // Tracked from the moment it exists: an interrupted report must stop a file still starting.
  const handle = { stop };
  running.add(handle);
  exit.then(() => running.delete(handle));
  const expected = plan.exposes.length;
  const outcome = await new Promise((resolve) => {
    let settle;
    const timer = setTimeout(() => {
      resolve(
        listeners.length > 0
          ? { started: true }
          : { started: false, reason: `no listening line in ${timeoutMs / 1000} s` },
      );
    }, timeoutMs);
    const done = (value) => {
      clearTimeout(timer);
      clearTimeout(settle);
      resolve(value);
    };
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      let newline = stdout.indexOf('\n');
      while (newline >= 0) {
        const match = LISTENING.exec(stdout.slice(0, newline));
        if (match) listeners.push({ type: match[1], namespace: match[2], url: match[3] });
        stdout = stdout.slice(newline + 1);
        newline = stdout.indexOf('\n');
      }
      if (listeners.length >= expected) done({ started: true });
      // The CLI prints every listener at once, after all started: a short wait collects the rest.
      else if (listeners.length > 0 && settle === undefined)
        settle = setTimeout(() => done({ started: true }), 300);
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    exit.then(({ code, signal }) => done({ started: false, reason: firstReason(stderr, code, signal) }));
  });
  return { ...outcome, listeners, stop, stderr: () => stderr };
}

function firstReason(stderr, code, signal) {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  const line = lines.find((l) => !l.startsWith('{')) ?? lines[0];
  return line?.trim().slice(0, 300) ?? `exited ${code ?? signal} with no message`;
}
