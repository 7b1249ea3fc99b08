// The BUILT bin as a child process, for the skill and control-plane command tests. `pnpm test`
// builds first; alone: `npx tsc -b packages/cli`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = join(packageDir, '../..');
const bin = join(packageDir, 'dist/bin.js');

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
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: run \`pnpm build\` (or \`npx tsc -b packages/cli\`) first.`);
  }
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
