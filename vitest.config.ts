import { defineConfig } from 'vitest/config';

// Tests import workspace packages through their `source` export condition, so unit tests
// run against TypeScript sources without a build; CLI end-to-end tests use the built bin.
export default defineConfig({
  resolve: { conditions: ['source', 'import', 'node', 'default'] },
  ssr: { resolve: { conditions: ['source', 'import', 'node', 'default'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/**/*.test.ts',
      'scripts/**/*.test.ts',
      'deploy/**/*.test.ts',
    ],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
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
  },
});
