// Where the BUILT bin is, and a check that it is there and current. The end-to-end tests run it as
// a child process, as users, MCP hosts and CI do: the bundle `dist/naftiko.mjs` that the package's
// `bin` points at. `pnpm test` builds first; alone: `pnpm build`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = fileURLToPath(new URL('../..', import.meta.url));
export const repoRoot = join(packageDir, '../..');
export const bin = join(packageDir, 'dist/naftiko.mjs');

const BUILD = '`pnpm build` (or `npx tsc -b packages/cli && node packages/cli/scripts/bundle.mjs`)';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const { name } = entry;
    if (entry.isFile() && name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.startsWith('test-'))
      newest = Math.max(newest, statSync(join(entry.parentPath, name)).mtimeMs);
  }
  return newest;
}

let checked = false;

/** Fails with the fix, not with a puzzling ENOENT or a stale-code mismatch (checked once). */
export function assertBuilt(): void {
  if (checked) return;
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run ${BUILD} first.`);
  // The bundle holds every workspace package, so any package's source can make it stale.
  const packages = join(repoRoot, 'packages');
  const source = Math.max(
    ...readdirSync(packages).map((name) => {
      const src = join(packages, name, 'src');
      return existsSync(src) ? newestSource(src) : 0;
    }),
  );
  if (source > statSync(bin).mtimeMs) throw new Error(`${bin} is older than the sources: run ${BUILD}.`);
  checked = true;
}
