import { createRequire } from 'node:module';
import { expect, test } from 'vitest';

const require = createRequire(import.meta.url);

// create-pool.ts imports three of undici's own files instead of its index (see the README's "Start
// cost"). They are not undici's documented API, so this fails loudly when an undici release moves
// or replaces them: the files must still be exactly what the index installs as Pool and as
// Dispatcher.prototype.request / .stream.
test('the undici files create-pool.ts imports are the ones its index exposes', () => {
  const undici = require('undici') as typeof import('undici');
  const version = (require('undici/package.json') as { version: string }).version;
  const where = `undici ${version}: check create-pool.ts and undici-modules.d.ts against it`;
  expect(require('undici/lib/dispatcher/pool.js'), where).toBe(undici.Pool);
  expect(require('undici/lib/api/api-request.js'), where).toBe(undici.Dispatcher.prototype.request);
  expect(require('undici/lib/api/api-stream.js'), where).toBe(undici.Dispatcher.prototype.stream);
});
