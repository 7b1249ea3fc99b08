import { defineConfig, type TestUserConfig } from 'vitest/config';

// Tests beside the sources that run a built binary or an external runner as a child process.
const END_TO_END_IN_SRC = ['packages/cli/src/bin.test.ts'];

// The test options every vitest config of the repository shares (those in scripts/ spread them).
export const sharedTest = {
  testTimeout: 20_000,
  hookTimeout: 20_000,
  // eventsource-parser exports a `source` condition (its TypeScript), which the resolve
  // conditions above pick even when the MCP SDK's client imports it from node_modules: let vite
  // transform those instead of handing a .ts file to Node.
  server: {
    deps: {
      inline: [
        /@modelcontextprotocol\/sdk\/dist\/esm\/client\/(streamableHttp|sse)\.js/,
        // The v2 client (2026-07-28 tests) imports eventsource and its parser the same way.
        /@modelcontextprotocol\/client\/dist\//,
        'eventsource',
        'eventsource-parser',
      ],
    },
  },
  // In CI also write a JSON report; .ci/run prints the plain 'N passed, N failed' line from it.
  reporters: process.env.CI ? ['default', 'json'] : ['default'],
  outputFile: { json: 'node_modules/.cache/vitest-report.json' },
} satisfies TestUserConfig;

// Tests import workspace packages through their `source` export condition, so unit tests
// run against TypeScript sources without a build; CLI end-to-end tests use the built bin.
export default defineConfig({
  resolve: { conditions: ['source', 'import', 'node', 'default'] },
  ssr: { resolve: { conditions: ['source', 'import', 'node', 'default'] } },
  test: {
    // Two projects: `unit` (each package's src tests, in-process with real listeners on port 0)
    // runs in worker threads; `e2e` (the built CLI as a child process, the MCP conformance
    // runner, examples, deploy and repository scripts) stays in forks. `pnpm test:unit` is the
    // quick loop and needs no build.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts'],
          exclude: END_TO_END_IN_SRC,
          pool: 'threads',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: [
            'packages/*/test/**/*.test.ts',
            ...END_TO_END_IN_SRC,
            'examples/**/*.test.ts',
            'scripts/**/*.test.ts',
            'deploy/**/*.test.ts',
          ],
          pool: 'forks',
        },
      },
    ],
    ...sharedTest,
  },
});
