import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createSkillFolder } from './create-skill-folder.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'naftiko-skill-folder-'));
  writeFileSync(join(dir, 'SKILL.md'), '# skill\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a FIFO is listed as skipped and read as not found, without blocking', async () => {
  execFileSync('mkfifo', [join(dir, 'pipe.md')]);
  const folder = createSkillFolder({ root: dir });
  expect(await folder.list()).toEqual({
    files: [{ path: 'SKILL.md', size: 8 }],
    skipped: [{ path: 'pipe.md', reason: 'not-a-file' }],
  });
  // Opening a FIFO for reading waits for a writer: without O_NONBLOCK this never settles.
  expect(await folder.read(['pipe.md'])).toEqual({
    ok: false,
    status: 404,
    message: 'No file "pipe.md" in this skill.',
  });
});

test('links back to an ancestor are walked once, not round and round', async () => {
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs', 'a.md'), 'a');
  for (const name of ['up1', 'up2', 'up3']) symlinkSync(dir, join(dir, 'docs', name));
  const listing = await createSkillFolder({ root: dir }).list();
  expect(listing.files.map((file) => file.path)).toEqual(['docs/a.md', 'SKILL.md']);
  expect(listing.skipped).toEqual([]);
});
