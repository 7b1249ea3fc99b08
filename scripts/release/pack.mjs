#!/usr/bin/env node
// `pnpm release:pack [folder]`: packs every package of packages/ into one folder (default
// `release/`), as the tarballs npm would publish: `workspace:*` dependencies become the versions.
// Run after `pnpm build` (the script `release:pack` does both).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const destination = resolve(process.argv[2] ?? `${repoRoot}release`);

rmSync(destination, { recursive: true, force: true });
mkdirSync(destination, { recursive: true });
// The repository's pinned pnpm, as .ci/run uses it.
execFileSync(
  'npx',
  ['-y', 'pnpm@12.4.2', '-r', '--filter', './packages/*', 'pack', '--pack-destination', destination],
  { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
);
const tarballs = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
process.stdout.write(
  `${tarballs.length} tarballs in ${destination}:\n${tarballs.map((name) => `  ${name}`).join('\n')}\n` +
    `Install them in a project: npm install ${destination}/*.tgz\n`,
);
