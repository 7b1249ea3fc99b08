import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { resolveFileLocation } from './resolve-file-location.js';

let root: string;
let baseDir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'naftiko-location-'));
  baseDir = join(root, 'capability');
  await mkdir(join(baseDir, 'skills/a b'), { recursive: true });
  await writeFile(join(baseDir, 'guide.md'), '# guide');
  await writeFile(join(root, 'outside.md'), '# outside');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('resolveFileLocation', () => {
  test('file:///./x and file:///x are relative to the capability directory', () => {
    expect(resolveFileLocation('file:///./guide.md', baseDir)).toBe(join(baseDir, 'guide.md'));
    expect(resolveFileLocation('file:///guide.md', baseDir)).toBe(join(baseDir, 'guide.md'));
    expect(resolveFileLocation('FILE://localhost/guide.md', baseDir)).toBe(join(baseDir, 'guide.md'));
    expect(resolveFileLocation('file:///skills/a%20b', baseDir)).toBe(join(baseDir, 'skills/a b'));
    expect(resolveFileLocation('file:///../outside.md', baseDir)).toBe(join(root, 'outside.md'));
  });

  test('an absolute path is used when nothing of that name is beside the capability', () => {
    const absolute = join(root, 'outside.md');
    expect(resolveFileLocation(`file://${absolute}`, baseDir)).toBe(absolute);
    // `./` and `../` always mean "beside the capability", never the file system root.
    expect(resolveFileLocation(`file:///.${absolute}`, baseDir)).toBeUndefined();
  });

  test('a location beside the capability wins over the same absolute path', async () => {
    const absolute = join(root, 'outside.md');
    await mkdir(join(baseDir, root), { recursive: true });
    await writeFile(join(baseDir, absolute), '# shadow');
    expect(resolveFileLocation(`file://${absolute}`, baseDir)).toBe(join(baseDir, absolute));
  });

  test('unusable or missing locations are undefined', () => {
    for (const location of [
      'file:///missing.md',
      'file:///',
      'file://',
      'file://./guide.md',
      'file://other-host/guide.md',
      'https://example.com/guide.md',
      './guide.md',
      'file:///%E0%A4%A', // broken percent-encoding
      'file:///guide.md%00.txt',
    ])
      expect(resolveFileLocation(location, baseDir), location).toBeUndefined();
  });
});
