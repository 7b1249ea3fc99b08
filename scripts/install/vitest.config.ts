import { defineConfig } from 'vitest/config';
import root, { sharedTest } from '../../vitest.config.js';

// `pnpm test:install`: packs every package and installs the tarballs with plain npm in an empty
// folder. It needs the registry for third-party dependencies and takes ~30 s, so it runs apart from
// `pnpm test` (`.ci/run` runs it after).
export default defineConfig({
  ...root,
  test: {
    ...sharedTest,
    include: ['scripts/install/**/*.install.ts'],
    reporters: ['default'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
