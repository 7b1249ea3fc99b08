import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { exportSkills, planSkillExport } from './export-skills.js';
import { fixturesDir, loadFixture, seedPath } from './testing/load-fixture.js';

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'naftiko-export-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('exportSkills', () => {
  test('a capability without a skill expose exports one skill per MCP/REST expose', async () => {
    const capability = loadFixture(seedPath);
    expect(planSkillExport({ capability })).toMatchObject({
      source: 'derived',
      skills: [{ name: 'managed-agents-sessions-mcp' }],
    });
    const result = await exportSkills({ capability, outDir: out });
    expect(result).toEqual({
      source: 'derived',
      exported: [
        {
          name: 'managed-agents-sessions-mcp',
          dir: join(out, 'managed-agents-sessions-mcp'),
          files: ['SKILL.md'],
          generated: true,
        },
      ],
      problems: [],
    });
    const text = await readFile(join(out, 'managed-agents-sessions-mcp/SKILL.md'), 'utf8');
    expect(text).toMatch(/^---\nname: managed-agents-sessions-mcp\n/);
    expect(text.match(/^### /gm)).toHaveLength(5);
  });

  test('skill exposes export their folders, authored or generated SKILL.md, and refuse to overwrite', async () => {
    const capability = loadFixture(join(fixturesDir, 'orders-skills.yaml'));
    const result = await exportSkills({ capability, outDir: out });
    expect(result.problems).toEqual([]);
    expect(result.exported.map(({ name, files, generated }) => ({ name, files, generated }))).toEqual([
      {
        name: 'order-management',
        files: ['SKILL.md', 'order-guide.md', 'references/statuses.md'],
        generated: false,
      },
      { name: 'order-ops', files: ['SKILL.md', 'checklist.md'], generated: true },
      { name: 'onboarding-guide', files: ['SKILL.md'], generated: true },
    ]);
    expect(await tree(out)).toEqual([
      'onboarding-guide/SKILL.md',
      'order-management/SKILL.md',
      'order-management/order-guide.md',
      'order-management/references/statuses.md',
      'order-ops/SKILL.md',
      'order-ops/checklist.md',
    ]);
    expect(await readFile(join(out, 'order-management/SKILL.md'), 'utf8')).toBe(
      await readFile(join(fixturesDir, 'skills/order-management/SKILL.md'), 'utf8'),
    );

    const again = await exportSkills({ capability, outDir: out, names: ['order-ops'] });
    expect(again.exported).toEqual([]);
    expect(again.problems).toEqual([
      `${join(out, 'order-ops')} already exists and is not empty; pass --force to replace it`,
    ]);

    await writeFile(join(out, 'order-ops/stale.md'), 'old');
    const forced = await exportSkills({ capability, outDir: out, names: ['order-ops'], force: true });
    expect(forced.problems).toEqual([]);
    expect(await tree(join(out, 'order-ops'))).toEqual(['SKILL.md', 'checklist.md']);

    const unknown = await exportSkills({ capability, outDir: out, names: ['nope'] });
    expect(unknown.problems).toEqual([
      'no skill "nope" to export; skills: order-management, order-ops, onboarding-guide',
    ]);
  });
});
