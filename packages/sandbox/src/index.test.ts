import { expect, it } from 'vitest';
import * as sandbox from './index.js';

it('exports exactly the public API', () => {
  expect(Object.keys(sandbox).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_SANDBOX_API_KEY",
      "MANAGED_AGENTS_BETA",
      "SUPPORTED_ANTHROPIC_VERSIONS",
      "createSandbox",
    ]
  `);
});
