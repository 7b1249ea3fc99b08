// Helpers of the `naftiko run` end-to-end tests: the BUILT bin as a child process, as users,
// MCP hosts and CI start it (see built-bin.ts).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { bin, repoRoot } from './built-bin.js';

export { assertBuilt, bin, packageDir, repoRoot } from './built-bin.js';
export const SEED = 'capabilities/managed-agents-sessions.yaml';
export const SEED_MCP = 'managed-agents-sessions-mcp';

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** The listener lines printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

const running = new Set<RunningCli>();

/** Starts `naftiko run ...`; `env` replaces the environment (no ANTHROPIC_API_KEY leaks in). */
export function startCli(args: string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [bin, 'run', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(cli);
      resolve(code ?? signal ?? -1);
    });
  });
  const cli: RunningCli = {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  running.add(cli);
  return cli;
}

/** Kills whatever a failed test left running. */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((cli) => cli.stop('SIGKILL')));
}

/** Waits for `count` listener lines on stdout and returns their URLs; fails with stderr if the process exits first. */
export async function waitForListening(cli: RunningCli, count = 1, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const urls = [...cli.stdout().matchAll(/ listening on (\S+)\n/g)].map((match) => match[1] as string);
    if (urls.length >= count) return urls;
    if (cli.child.exitCode !== null) {
      throw new Error(`naftiko run exited with ${cli.child.exitCode}:\n${cli.stderr()}`);
    }
    if (Date.now() > deadline) throw new Error(`naftiko run did not listen in time:\n${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `naftiko run ...` to completion (for commands expected to fail at start). */
export async function runToExit(args: string[], env: Record<string, string> = {}) {
  const cli = startCli(args, env);
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The JSON body of a gateway response, typed as the wire shape the caller names. Only the
 * content type and the parse are checked here; the caller's `expect`s check the fields it reads.
 */
export async function readJson<T>(response: Response): Promise<T> {
  const type = response.headers.get('content-type') ?? '';
  if (!/^application\/(problem\+)?json\b/.test(type)) {
    throw new Error(
      `expected a JSON body from ${response.url}, got ${response.status} ${type || 'no content type'}`,
    );
  }
  return (await response.json()) as T;
}
