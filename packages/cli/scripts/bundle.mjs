// Bundles the compiled CLI (`dist/bin.js`, from `tsc -b`) and every dependency it imports into
// `dist/naftiko.mjs` (the package's bin) plus `dist/chunks/`. Why: a start that loads ~700 files spends more time
// resolving, reading and linking modules than running them; one file per chunk starts in about
// half the time. Code splitting keeps every `await import(...)` lazy, so `naftiko validate` never
// loads the MCP SDK and `naftiko run` loads only the exposers its capability uses.
//
// Files read at run time (generated validators, package manifests) are resolved through package
// exports (`@naftiko/spec/generated/...`, `naftiko/package.json`), not relative to a module's own
// location, so they resolve the same from `dist/` and from a chunk here.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${packageDir}dist`;

await rm(`${outdir}/chunks`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: packageDir,
  entryPoints: { naftiko: 'dist/bin.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // Whitespace and syntax only: identifiers stay readable, so class and function names (error
  // names, profiles) are the source's.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  // CommonJS dependencies (ajv, undici, yaml ...) call `require` for node builtins; ESM output has
  // no `require`, so every chunk gets one scoped to the bundle.
  banner: {
    js: "import { createRequire as __naftikoCreateRequire } from 'node:module'; const require = __naftikoCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  metafile: true,
});
if (result.errors.length > 0) process.exit(1);
