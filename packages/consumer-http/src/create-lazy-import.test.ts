import { expect, test } from 'vitest';
import { createLazyImport } from './create-lazy-import.js';

test('loads once: concurrent callers share the load, then the value is read synchronously', async () => {
  let imports = 0;
  const lazy = createLazyImport(async () => ({ n: ++imports }));
  expect(lazy.value).toBeUndefined();
  const [a, b] = await Promise.all([lazy.load(), lazy.load()]);
  expect(a).toBe(b);
  expect(lazy.value).toBe(a);
  lazy.preload();
  await lazy.load();
  expect(imports).toBe(1);
});

test('a failed load is reported to its caller and retried by the next one; preload swallows it', async () => {
  let attempts = 0;
  const lazy = createLazyImport(async () => {
    attempts++;
    if (attempts < 3) throw new Error(`cannot load (attempt ${attempts})`);
    return 'parser';
  });
  // A failing preload must not become an unhandled rejection: the failure surfaces on use.
  lazy.preload();
  await expect(lazy.load()).rejects.toThrow('cannot load (attempt 1)');
  await expect(lazy.load()).rejects.toThrow('cannot load (attempt 2)');
  expect(lazy.value).toBeUndefined();
  await expect(lazy.load()).resolves.toBe('parser');
  expect(lazy.value).toBe('parser');
  expect(attempts).toBe(3);
});
