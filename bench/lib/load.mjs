// Helpers shared by the benches that drive an upstream from many concurrent callers.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Closed-loop load: `concurrency` workers call `call(workerIndex)` back to back until
 * `durationMs` has passed. Returns the call count, elapsed ms and every call's latency in ms.
 */
export async function runClosedLoop({ call, durationMs, concurrency }) {
  const latencies = [];
  const started = performance.now();
  const deadline = started + durationMs;
  let calls = 0;
  const worker = async (index) => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await call(index);
      latencies.push(performance.now() - t0);
      calls += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  return { calls, ms: performance.now() - started, latencies };
}

/** The p-quantile (0..1) of an ascending array; NaN when it is empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * The sandbox CLI (`bin`, recording off) in a child process; resolves once it prints its URL
 * with `{ child, url, pid, stop }`.
 */
export function startSandboxProcess({ bin, apiKey }) {
  const child = spawn(process.execPath, [bin, '--api-key', apiKey], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`the sandbox exited early (code ${code})`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /https?:\/\/\S+/.exec(output);
      if (match) {
        child.removeAllListeners('exit');
        resolve({ child, url: match[0], pid: child.pid, stop: () => child.kill('SIGTERM') });
      }
    });
  });
}

/** Creates the session every bench fetches (`POST /v1/sessions` on the sandbox at `url`). */
export async function createBenchSession({ url, headers }) {
  const created = await fetch(`${url}/v1/sessions`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ agent: 'agent_bench', environment_id: 'env_bench' }),
  });
  const session = await created.json();
  if (created.status !== 200) throw new Error(`creating the session failed: ${JSON.stringify(session)}`);
  return session;
}

/** User + system CPU time of a process so far, in ms, from /proc (Linux; clock ticks of 10 ms). */
export function readCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
