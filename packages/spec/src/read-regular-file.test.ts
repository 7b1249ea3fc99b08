import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { readCapabilityFile } from './read-capability-file.js';
import { readRegularFile } from './read-regular-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'naftiko-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a regular file within the cap is read whole', () => {
  writeFileSync(join(dir, 'a.yaml'), 'x: 1\n');
  expect(readRegularFile({ path: join(dir, 'a.yaml'), maxBytes: 5 }).bytes?.toString()).toBe('x: 1\n');
});

test('the size is checked before reading', () => {
  writeFileSync(join(dir, 'big.yaml'), 'x'.repeat(100));
  expect(readRegularFile({ path: join(dir, 'big.yaml'), maxBytes: 10 }).problem).toMatchObject({
    kind: 'too-large',
    size: 100,
  });
});

test('/dev/zero, a directory and a FIFO are refused at once, never read', () => {
  expect(readRegularFile({ path: '/dev/zero', maxBytes: 1024 }).problem).toMatchObject({
    kind: 'not-a-file',
    reason: 'is a device, not a regular file',
  });
  expect(readRegularFile({ path: dir, maxBytes: 1024 }).problem?.reason).toBe('is a directory');
  const fifo = join(dir, 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
  // Without O_NONBLOCK this open would wait for a writer for ever.
  expect(readRegularFile({ path: fifo, maxBytes: 1024 }).problem).toMatchObject({
    kind: 'not-a-file',
    reason: 'is a named pipe (FIFO), not a regular file',
  });
  expect(readCapabilityFile({ path: fifo }).problem?.message).toBe(
    `\`${fifo}\` is a named pipe (FIFO), not a regular file`,
  );
});

test('a symbolic-link loop is an error, not a hang', () => {
  symlinkSync(join(dir, 'b'), join(dir, 'a'));
  symlinkSync(join(dir, 'a'), join(dir, 'b'));
  expect(readRegularFile({ path: join(dir, 'a'), maxBytes: 1024 }).problem).toMatchObject({
    kind: 'unreadable',
    code: 'ELOOP',
  });
});
