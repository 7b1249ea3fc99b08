import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createStaticResource } from './create-static-resource.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'naftiko-static-'));
  writeFileSync(join(dir, 'a.md'), '# a\n');
  execFileSync('mkfifo', [join(dir, 'pipe.md')]);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const resource = (path: string, isDirectory: boolean) =>
  createStaticResource({
    path,
    isDirectory,
    uri: 'docs://files',
    name: 'files',
    title: 'Files',
    description: 'Files',
    maxFileBytes: 1024,
    maxFiles: 10,
  });

test('a FIFO or a device is never opened for reading nor listed', async () => {
  const folder = resource(dir, true);
  expect((await folder.list()).map((entry) => entry.uri)).toEqual(['docs://files/a.md']);
  expect(await folder.read('docs://files/pipe.md')).toBeUndefined();
  expect(await resource(join(dir, 'pipe.md'), false).read('docs://files')).toBeUndefined();
  expect(await resource('/dev/zero', false).read('docs://files')).toBeUndefined();
  expect(await folder.read('docs://files/a.md')).toEqual({
    contents: [{ uri: 'docs://files/a.md', mimeType: 'text/markdown', text: '# a\n' }],
  });
});
