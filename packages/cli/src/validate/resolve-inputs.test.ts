import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { resolveInputs } from './resolve-inputs.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'naftiko-inputs-'));
  await mkdir(join(root, 'caps/nested'), { recursive: true });
  await mkdir(join(root, 'caps/node_modules/pkg'), { recursive: true });
  await mkdir(join(root, 'empty'));
  for (const file of [
    'caps/b.yaml',
    'caps/a.yml',
    'caps/notes.txt',
    'caps/nested/c.yaml',
    'caps/node_modules/pkg/d.yaml',
    'x[1].yaml',
  ]) {
    await writeFile(join(root, file), 'naftiko: 1.0.0-alpha2\n');
  }
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('resolveInputs', () => {
  test('a directory contributes its own *.yaml and *.yml files, sorted, not its subdirectories', async () => {
    expect(await resolveInputs({ inputs: ['caps'], cwd: root })).toEqual({
      files: [join(root, 'caps/a.yml'), join(root, 'caps/b.yaml')],
      problems: [],
    });
  });

  test('a ** glob recurses but never into node_modules; duplicates are dropped', async () => {
    expect(await resolveInputs({ inputs: ['caps/**/*.yaml', 'caps/b.yaml'], cwd: root })).toEqual({
      files: [join(root, 'caps/b.yaml'), join(root, 'caps/nested/c.yaml')],
      problems: [],
    });
  });

  test('an existing path is literal even when it looks like a glob; any file name is accepted', async () => {
    expect(await resolveInputs({ inputs: ['x[1].yaml', 'caps/notes.txt'], cwd: root })).toEqual({
      files: [join(root, 'x[1].yaml'), join(root, 'caps/notes.txt')],
      problems: [],
    });
  });

  test('missing files, empty directories and globs without matches are problems naming the input', async () => {
    const result = await resolveInputs({
      inputs: ['nope.yaml', 'empty', 'caps/*.json', 'caps/a.yml'],
      cwd: root,
    });
    expect(result).toEqual({
      files: [join(root, 'caps/a.yml')],
      problems: [
        "No such file or directory: 'nope.yaml'.",
        "No *.yaml or *.yml files in directory 'empty'.",
        "No files match 'caps/*.json'.",
      ],
    });
  });

  test('a dangling symbolic link is reported as missing', async () => {
    await symlink(join(root, 'gone.yaml'), join(root, 'link.yaml'));
    expect((await resolveInputs({ inputs: ['link.yaml'], cwd: root })).problems).toEqual([
      "No such file or directory: 'link.yaml'.",
    ]);
  });
});
