import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { generatedFiles } from '../../scripts/generated-files.js';

const packageDir = new URL('../../', import.meta.url);

// The generated files of the package are committed (validation loads them at run time, users read
// the schemas): each must be exactly what `pnpm generate` writes from the model today.
describe('generated files', () => {
  test.each(generatedFiles().map((file) => [file.path, file] as const))('%s is up to date', (_path, file) => {
    const url = new URL(file.path, packageDir);
    const committed = existsSync(url) ? readFileSync(url, 'utf8') : '';
    expect(committed, `${fileURLToPath(url)} is stale: run pnpm generate`).toBe(file.generate());
  });
});
