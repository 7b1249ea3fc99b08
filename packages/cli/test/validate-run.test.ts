// `validate` = `run`: what `naftiko run` refuses at start is an error of `naftiko validate`, at
// its place, and the same capability is refused by both (the built CLI, as users run it).
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { naftiko } from '../src/testing/cli-process.js';
import {
  assertBuilt,
  killAll,
  packageDir,
  runToExit,
  startCli,
  waitForListening,
} from '../src/testing/run-support.js';

const SLOW = { timeout: 60_000 };
const fixture = (name: string) => join(packageDir, 'test/fixtures', name);

beforeAll(() => assertBuilt());
afterEach(() => killAll());

interface Finding {
  code: string;
  severity: string;
  line?: number;
  message: string;
}

async function validate(file: string, ...flags: string[]): Promise<{ code: number; findings: Finding[] }> {
  const result = await naftiko(['validate', file, '--format', 'json', ...flags]);
  const report = JSON.parse(result.stdout) as { files: { diagnostics: Finding[] }[] };
  return { code: result.code, findings: report.files.flatMap((entry) => entry.diagnostics) };
}

const errors = (findings: Finding[]) =>
  findings.filter((finding) => finding.severity === 'error').map(({ code, line }) => `${line} ${code}`);

describe('what run refuses, validate reports', SLOW, () => {
  it.each([
    ['duplicate-rest-route.yaml', ['29 duplicate-rest-route'], /already served/],
    ['body-template-syntax.yaml', ['19 template-syntax'], /is invalid/],
    // core's REST parameter plan, which the exposer builds its routes from.
    ['rest-path-parameter-not-in-path.yaml', ['32 action-invalid'], /no \{id\} placeholder/],
    // Only the router itself refuses this one: validate dry-runs the start to meet it.
    ['rest-path-query.yaml', ['18 action-invalid'], /Optional Parameter/],
  ])('%s', async (name, expected, refusal) => {
    const file = fixture(name);
    const validated = await validate(file);
    expect(validated.code).toBe(1);
    expect(errors(validated.findings)).toEqual(expected);
    const run = await runToExit([file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(refusal);
  });
});

describe('a base URI given at run', SLOW, () => {
  const file = fixture('base-uri-from-variables.yaml');

  it('is accepted with warnings: the dry run stands a placeholder in for it', async () => {
    const validated = await validate(file);
    expect(validated.code).toBe(0);
    expect(errors(validated.findings)).toEqual([]);
    expect(validated.findings.map(({ code, line }) => `${line} ${code}`)).toEqual(
      expect.arrayContaining(['9 community-base-uri-template', '19 community-base-uri-template']),
    );
  });

  it('stops run naming the missing value and the fix, and starts once given', async () => {
    const missing = await runToExit([file, '--port', 'items-mcp=0']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--base-uri/);
    const given = startCli([
      file,
      '--port',
      'items-mcp=0',
      '--base-uri',
      'tenant-api=http://127.0.0.1:9',
      '--base-uri',
      'anywhere-api=http://127.0.0.1:9',
    ]);
    expect(await waitForListening(given)).toHaveLength(1);
  });

  it('is an error in the official dialect when no binds entry declares the variable', async () => {
    const validated = await validate(file, '--dialect', 'official');
    expect(validated.code).toBe(1);
    expect(errors(validated.findings)).toContain('9 undeclared-auth-variable');
  });
});
