import { defineConfig } from 'vitest/config';
import root, { sharedTest } from '../../vitest.config.js';

// `pnpm reference`: the checks that read ../shared (official schema and examples, the shared seed).
// Kept out of `pnpm test`, which passes on a fresh clone with nothing beside it.
export default defineConfig({
  ...root,
  test: {
    ...sharedTest,
    include: ['scripts/reference/**/*.reference.ts'],
    reporters: ['default'],
  },
});
