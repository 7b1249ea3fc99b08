import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { naftiko, repoRoot } from '../src/testing/cli-process.js';

const SEED = 'capabilities/managed-agents-sessions.yaml';
const ORDERS = join(repoRoot, 'packages/exposer-skill/src/testing/fixtures/orders-skills.yaml');

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'naftiko-skill-cli-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

test('naftiko skill export writes an installable skill for the seed', async () => {
  const result = await naftiko(['skill', 'export', SEED, '-o', out]);
  expect(result).toEqual({
    code: 0,
    stdout: `managed-agents-sessions-mcp: ${join(out, 'managed-agents-sessions-mcp')}/ (1 file, SKILL.md generated)\n`,
    stderr: `${SEED} has no skill expose: exporting one skill per MCP/REST expose, named after its namespace.\n`,
  });
  const text = await readFile(join(out, 'managed-agents-sessions-mcp/SKILL.md'), 'utf8');
  expect(text).toMatch(/^---\nname: managed-agents-sessions-mcp\ndescription: /);
  for (const tool of [
    'anthropic-create-session',
    'anthropic-list-sessions',
    'anthropic-get-session',
    'anthropic-send-session-events',
    'anthropic-delete-session',
  ]) {
    expect(text).toContain(`### \`${tool}\``);
    expect(text).toContain(`- Call: MCP tool \`${tool}\` on server \`managed-agents-sessions-mcp\`.`);
  }

  const again = await naftiko(['skill', 'export', SEED, '-o', out]);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('already exists and is not empty; pass --force to replace it');
  expect((await naftiko(['skill', 'export', SEED, '-o', out, '--force'])).code).toBe(0);
});

test('naftiko skill export copies skill folders and selects skills by name', async () => {
  const result = await naftiko([
    'skill',
    'export',
    ORDERS,
    '-o',
    out,
    '--skill',
    'order-management',
    '--skill',
    'order-ops',
  ]);
  expect(result.code).toBe(0);
  expect(result.stdout).toBe(
    `order-management: ${join(out, 'order-management')}/ (3 files, SKILL.md from the skill folder)\n` +
      `order-ops: ${join(out, 'order-ops')}/ (2 files, SKILL.md generated)\n`,
  );
  expect((await readdir(out)).sort()).toEqual(['order-management', 'order-ops']);
  expect(await readFile(join(out, 'order-management/references/statuses.md'), 'utf8')).toContain('`paid`');

  const unknown = await naftiko(['skill', 'export', ORDERS, '-o', out, '--skill', 'nope']);
  expect(unknown).toMatchObject({ code: 1, stdout: '' });
  expect(unknown.stderr).toBe(
    'naftiko: no skill "nope" to export; skills: order-management, order-ops, onboarding-guide\n',
  );
});

test('usage errors and invalid capabilities', async () => {
  const noOutput = await naftiko(['skill', 'export', SEED]);
  expect(noOutput).toEqual({
    code: 2,
    stdout: '',
    stderr:
      "naftiko: Missing -o <dir>: where to write the skill folders.\nRun 'naftiko skill --help' for usage.\n",
  });
  const badAction = await naftiko(['skill', 'import', SEED, '-o', out]);
  expect(badAction.code).toBe(2);
  expect(badAction.stderr).toContain("Unknown skill action 'import'. Did you mean 'export'?");
  const missing = await naftiko(['skill', 'export', 'nope.yaml', '-o', out]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/^naftiko: .*nope\.yaml/);
});
