import { defineConfig } from 'vitest/config';
import root from '../../vitest.config.js';

// The root's unit/e2e projects do not apply: this config runs one folder, in forks.
const { projects: _projects, ...shared } = root.test ?? {};

// `pnpm reference`: the checks that read ../shared (official schema and examples, the shared seed).
// Kept out of `pnpm test`, which passes on a fresh clone with nothing beside it.
export default defineConfig({
  ...root,
  test: {
    ...shared,
    pool: 'forks',
    include: ['scripts/reference/**/*.reference.ts'],
    reporters: ['default'],
  },
});
