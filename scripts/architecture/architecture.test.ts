import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkArchitecture } from './check-architecture.js';
import { collectImports } from './collect-imports.js';
import { findCycles } from './find-cycles.js';

const repository = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

it('the packages import along the dependency direction, frameworks stay home, no file cycles', () => {
  const violations = checkArchitecture({ root: repository }).map(
    (v) => `[${v.rule}] ${v.where}: ${v.message}`,
  );
  expect(violations).toEqual([]);
});

const scratch = mkdtempSync(join(tmpdir(), 'naftiko-architecture-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeTree(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

function workspacePackage(
  folder: string,
  name: string,
  dependencies: string[] = [],
  devDependencies: string[] = [],
) {
  const versions = (names: string[]) => Object.fromEntries(names.map((n) => [n, 'workspace:*']));
  return {
    [`packages/${folder}/package.json`]: JSON.stringify({
      name,
      dependencies: versions(dependencies),
      devDependencies: versions(devDependencies),
    }),
    [`packages/${folder}/tsconfig.json`]: JSON.stringify({
      include: ['src'],
      exclude: ['src/**/*.test.ts', 'src/testing'],
    }),
  };
}

describe('checkArchitecture on a small workspace', () => {
  const root = join(scratch, 'workspace');
  writeTree(root, {
    ...workspacePackage('spec', '@naftiko/spec', ['@naftiko/core']),
    ...workspacePackage('core', '@naftiko/core', ['@naftiko/spec']),
    ...workspacePackage(
      'exposer-rest',
      '@naftiko/exposer-rest',
      ['@naftiko/core', '@naftiko/exposer-mcp', 'fastify'],
      ['@naftiko/sandbox'],
    ),
    ...workspacePackage('exposer-mcp', '@naftiko/exposer-mcp', ['@naftiko/core']),
    // a devDependency against the direction is fine for tests, unless it closes a circle
    ...workspacePackage('sandbox', '@naftiko/sandbox', [], ['@naftiko/spec']),
    'packages/spec/src/index.ts': "export type { Engine } from '@naftiko/core';\n",
    // a type-only circle: a.ts -> b.ts -> c.ts -> a.ts
    'packages/core/src/a.ts': "import type { B } from './b.js';\nexport type A = B | 1;\n",
    'packages/core/src/b.ts': "export type { C as B } from './nested/c.js';\n",
    'packages/core/src/nested/c.ts': "import type { A } from '../a.js';\nexport type C = A[];\n",
    'packages/core/src/index.ts': "import './a.js';\nimport { thing } from 'undici';\n",
    'packages/exposer-rest/src/index.ts': [
      "import fastify from 'fastify';",
      "// import { nope } from '@naftiko/exposer-mcp'; comments do not count",
      'const text = "import \'@naftiko/exposer-mcp\'";',
      "export const load = () => import('@naftiko/exposer-mcp');",
      '',
    ].join('\n'),
    // tests may use what their package declares, and nothing else
    'packages/exposer-rest/src/index.test.ts': "import '@naftiko/sandbox';\nimport '@naftiko/spec';\n",
    'packages/exposer-mcp/src/index.ts': "export type { B } from '../../core/src/b.js';\n",
    'packages/sandbox/src/index.ts': 'export {};\n',
  });
  const violations = checkArchitecture({ root });
  const shown = violations.map((v) => `[${v.rule}] ${v.where}: ${v.message}`);

  it('names the wrong-direction dependency in package.json and in the import', () => {
    expect(shown).toContain(
      '[direction] packages/spec/package.json: dependency @naftiko/core: @naftiko/spec (spec) may depend only on no workspace package: dependencies point spec <- core <- {consumer-*, exposer-*} <- cli, and sandbox depends on nothing of ours',
    );
    expect(shown.filter((line) => line.startsWith('[direction] packages/spec/src/index.ts:1:'))).toHaveLength(
      1,
    );
  });

  it('finds a type-only circle through a folder and a re-export, naming each import', () => {
    expect(shown).toContain(
      "[cycle] packages/core/src/a.ts: files import each other in a circle: packages/core/src/a.ts:1 imports './b.js' (type-only) -> packages/core/src/b.ts:1 imports './nested/c.js' (type-only) -> packages/core/src/nested/c.ts:1 imports '../a.js' (type-only); move what they share into a file both import",
    );
  });

  it('refuses a relative import into another package', () => {
    expect(shown).toContain(
      "[direction] packages/exposer-mcp/src/index.ts:1: import '../../core/src/b.js' (type-only): reaches into @naftiko/core by a relative path; import the package by name so the rules above apply",
    );
  });

  it('finds packages that depend on each other, devDependencies included', () => {
    expect(shown).toContain(
      '[cycle] packages/core/package.json: packages depend on each other in a circle (dependencies and devDependencies): @naftiko/core -> @naftiko/spec -> @naftiko/core',
    );
  });

  it('keeps each framework in its one package', () => {
    expect(shown).toContain(
      "[framework] packages/core/src/index.ts:2: import 'undici': undici lives only in @naftiko/consumer-http; reach it through that package",
    );
    expect(shown.some((line) => line.startsWith('[framework] packages/exposer-rest/'))).toBe(false);
  });

  it('refuses an exposer importing another exposer, even lazily, and reads no comment or string', () => {
    const rule =
      'an exposer never imports a consumer or another exposer (it reaches upstreams through what @naftiko/core hands it); only the cli composes them';
    expect(shown.filter((line) => line.includes('packages/exposer-rest/'))).toEqual([
      `[direction] packages/exposer-rest/package.json: dependency @naftiko/exposer-mcp: ${rule}`,
      "[undeclared] packages/exposer-rest/src/index.test.ts:2: import '@naftiko/spec': @naftiko/spec is not in @naftiko/exposer-rest's dependencies or devDependencies",
      `[direction] packages/exposer-rest/src/index.ts:4: import '@naftiko/exposer-mcp': ${rule}`,
    ]);
  });

  it('lets a test use its devDependencies but not an undeclared package', () => {
    expect(shown.filter((line) => line.includes('index.test.ts'))).toEqual([
      "[undeclared] packages/exposer-rest/src/index.test.ts:2: import '@naftiko/spec': @naftiko/spec is not in @naftiko/exposer-rest's dependencies or devDependencies",
    ]);
  });

  it('reports nothing else', () => {
    expect(violations).toHaveLength(9);
  });
});
describe('collectImports', () => {
  it('reads every form of import the parser knows, and marks the type-only ones', () => {
    const file = join(scratch, 'forms.ts');
    writeFileSync(
      file,
      [
        "import a from './default.js';",
        "import type { B } from './type-clause.js';",
        "import { type C, type D } from './all-type-names.js';",
        "import { type E, f } from './some-type-names.js';",
        "import './side-effect.js';",
        "export * from './star.js';",
        "export type { G } from './export-type.js';",
        "import h = require('./import-equals.js');",
        "type I = typeof import('./import-type.js');",
        "const j = await import('./dynamic.js');",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text, not a template
        'const k = `${`import a from "./in-template.js"`}`; const re = /import x from "nope"/;',
        "/* import z from './block-comment.js' */ const l = require('./require.js');",
        'const m = \'import y from "./string.js"\';',
        '',
      ].join('\n'),
    );
    const references = collectImports([file]).get(file)!;
    expect(references.map((r) => `${r.line} ${r.specifier}${r.typeOnly ? ' type' : ''}`)).toEqual([
      '1 ./default.js',
      '2 ./type-clause.js type',
      '3 ./all-type-names.js type',
      '4 ./some-type-names.js',
      '5 ./side-effect.js',
      '6 ./star.js',
      '7 ./export-type.js type',
      '8 ./import-equals.js',
      '9 ./import-type.js type',
      '10 ./dynamic.js',
      '12 ./require.js',
    ]);
  });
});

describe('findCycles', () => {
  it('returns one closed path per circle, self-imports included, and nothing for a tree', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ]);
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });
});
