// `pnpm generate`: rewrites the generated files of @naftiko/spec (the published JSON Schemas and
// ajv's precompiled validators, in generated/) from the TypeBox model. The generators are
// TypeScript that import the model from src/, so esbuild (a dev dependency) bundles them first;
// nothing here is part of the published package's code.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const cacheDir = join(packageDir, 'node_modules', '.cache', 'generate');
const bundle = join(cacheDir, 'generated-files.mjs');

mkdirSync(cacheDir, { recursive: true });
await build({
  entryPoints: [join(packageDir, 'scripts', 'generated-files.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
try {
  const { generatedFiles } = await import(pathToFileURL(bundle).href);
  for (const { path, generate } of generatedFiles()) {
    const file = join(packageDir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, generate());
    console.log(`wrote ${relative(process.cwd(), file)}`);
  }
} finally {
  rmSync(bundle, { force: true });
}
