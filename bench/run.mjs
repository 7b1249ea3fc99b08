// Runs every bench/*.mjs in sequence (one process each, so they do not disturb each other's JIT
// and heap), passing the arguments through: node bench/run.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.mjs') && name !== 'run.mjs')
  .sort();

const failed = [];
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const child = spawnSync(process.execPath, [join(here, bench), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (child.status !== 0) failed.push(`${bench} (exit ${child.status ?? child.signal})`);
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exitCode = 1;
} else {
  console.log(`\n${benches.length} bench(es) done; JSON results in bench/results/.`);
}
