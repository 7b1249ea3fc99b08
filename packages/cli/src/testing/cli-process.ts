// The BUILT bin as a child process, for the skill and control-plane command tests. `pnpm test`
// builds first (see built-bin.ts).
import { execFile } from 'node:child_process';
import { assertBuilt, bin, repoRoot } from './built-bin.js';

export { packageDir, repoRoot } from './built-bin.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `naftiko <args>`; `env` replaces the environment except PATH. */
export function naftiko(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd: options.cwd ?? repoRoot,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
        encoding: 'utf8',
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
