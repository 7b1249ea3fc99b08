// End-to-end: the BUILT bin as a child process, as users and CI run it. `pnpm test` builds
// first (see src/testing/built-bin.ts).
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, bin, packageDir, repoRoot } from './testing/built-bin.js';
import { compileSarifSchema } from './testing/compile-sarif-schema.js';

const SEED = 'capabilities/managed-agents-sessions.yaml';
const EXAMPLE = join(repoRoot, 'examples/ci-validation/capabilities');

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function naftiko(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd: options.cwd ?? repoRoot,
        env: { ...process.env, NO_COLOR: '1', ...options.env },
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const INVALID = `naftiko: "1.0.0-alpha2"
capability:
  consumes:
    - type: http
      namespace: weather
      baseUri: https://api.weather.example
      resources:
        - name: forecast
          path: /v1/forecast
          operations:
            - name: get-forecast
              method: GET
  exposes:
    - type: mcp
      namespace: weather-mcp
      port: 3001
      tools:
        - name: forecast
          description: Daily forecast.
          call: weather.get-forcast
`;

let work: string;

beforeAll(async () => {
  assertBuilt();
  work = await mkdtemp(join(tmpdir(), 'naftiko-cli-'));
  await mkdir(join(work, 'caps'));
  await copyFile(join(EXAMPLE, 'weather.yaml'), join(work, 'caps/valid.yaml'));
  await writeFile(join(work, 'caps/invalid.yaml'), INVALID);
});

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

// Each case spawns Node and loads the validator; on a busy 2-core CI machine that takes seconds.
const SLOW = { timeout: 60_000 };

describe('naftiko (built bin)', SLOW, () => {
  test('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(await naftiko(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('an unknown command or flag is a usage error (2) with a suggestion and no stack', async () => {
    const command = await naftiko(['valdate', 'x.yaml']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("Unknown command 'valdate'. Did you mean 'validate'?");
    const flag = await naftiko(['validate', SEED, '--fromat', 'json']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain(
      "Unknown option '--fromat' for 'naftiko validate'. Did you mean '--format'?",
    );
    expect(flag.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('naftiko validate', SLOW, () => {
  test('a valid file exits 0 with one summary line', async () => {
    expect(await naftiko(['validate', 'caps/valid.yaml'], { cwd: work })).toEqual({
      code: 0,
      stdout: '✔ 1 file valid\n',
      stderr: '',
    });
  });

  test('an invalid file exits 1 with location, message, code and a code frame', async () => {
    const result = await naftiko(['validate', 'caps/invalid.yaml'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatchInlineSnapshot(`
      "caps/invalid.yaml:4:7  warning  consumes \`weather\` has no \`description\`; say what the upstream API is so agents and readers know why it is called  [consumes-description-missing]
        3 |   consumes:
      > 4 |     - type: http
          |       ^^^^^^^^^^
        5 |       namespace: weather

      caps/invalid.yaml:20:17  error  \`call: weather.get-forcast\` does not resolve: consumes namespace \`weather\` has no operation \`get-forcast\`; did you mean \`weather.get-forecast\`?  [unknown-call-target]
        19 |           description: Daily forecast.
      > 20 |           call: weather.get-forcast
           |                 ^^^^^^^^^^^^^^^^^^^
        21 |

      ✖ 1 error, 1 warning in 1 file
      "
    `);
  });

  test('a missing file exits 2 and names it', async () => {
    expect(await naftiko(['validate', 'caps/valid.yaml', 'caps/missing.yaml'], { cwd: work })).toEqual({
      code: 2,
      stdout: '',
      stderr: "naftiko: No such file or directory: 'caps/missing.yaml'.\n",
    });
  });

  test('a glob that matches nothing exits 2', async () => {
    const result = await naftiko(['validate', 'caps/*.json'], { cwd: work });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("naftiko: No files match 'caps/*.json'.\n");
  });

  test('a glob and a directory validate every capability file in them', async () => {
    for (const input of ['caps/*.yaml', 'caps']) {
      const result = await naftiko(['validate', input, '--format', 'json'], { cwd: work });
      expect(result.code, result.stderr).toBe(1);
      const report = JSON.parse(result.stdout);
      expect(report.files.map((file: { file: string; valid: boolean }) => [file.file, file.valid])).toEqual([
        ['caps/invalid.yaml', false],
        ['caps/valid.yaml', true],
      ]);
    }
  });

  test('--format json is one document with files and a summary', async () => {
    const result = await naftiko(['validate', 'caps/invalid.yaml', 'caps/valid.yaml', '--format', 'json'], {
      cwd: work,
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ files: 2, errors: 1, warnings: 1 });
    expect(report.files[0].diagnostics[1]).toEqual({
      code: 'unknown-call-target',
      severity: 'error',
      message: expect.stringContaining('did you mean `weather.get-forecast`?'),
      pointer: '/capability/exposes/0/tools/0/call',
      file: 'caps/invalid.yaml',
      line: 20,
      column: 17,
      endLine: 20,
      endColumn: 36,
    });
    expect(report.files[1]).toEqual({ file: 'caps/valid.yaml', valid: true, diagnostics: [] });
  });

  test('--format github prints workflow commands with the file relative to the cwd', async () => {
    const result = await naftiko(['validate', 'caps', '--format', 'github'], { cwd: work });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      '::warning file=caps/invalid.yaml,line=4,col=7,endLine=13,endColumn=1,title=consumes-description-missing::' +
        'consumes `weather` has no `description`; say what the upstream API is so agents and readers know why it is called\n' +
        '::error file=caps/invalid.yaml,line=20,col=17,endLine=20,endColumn=36,title=unknown-call-target::' +
        '`call: weather.get-forcast` does not resolve: consumes namespace `weather` has no operation `get-forcast`; ' +
        'did you mean `weather.get-forecast`?\n' +
        '✖ 1 error, 1 warning in 2 files\n',
    );
  });

  test('--format sarif is a valid SARIF 2.1.0 log', async () => {
    const result = await naftiko(['validate', 'caps', '--format', 'sarif'], { cwd: work });
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout);
    const validate = compileSarifSchema();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'caps/invalid.yaml',
      uriBaseId: '%SRCROOT%',
    });
  });

  test('--quiet prints errors only and no summary', async () => {
    expect(await naftiko(['validate', SEED, '--quiet'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const invalid = await naftiko(['validate', 'caps', '--quiet'], { cwd: work });
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('caps/invalid.yaml:');
    expect(invalid.stdout).not.toMatch(/[✖✔]/);
  });

  test('the seed is valid with its community constructs as warnings; --strict fails on exactly those', async () => {
    const compatible = await naftiko(['validate', SEED, '--format', 'json']);
    expect(compatible.code, compatible.stderr).toBe(0);
    const [valid] = JSON.parse(compatible.stdout).files;
    expect(valid.valid).toBe(true);
    expect(valid.diagnostics.length).toBeGreaterThan(0);
    for (const diagnostic of valid.diagnostics) {
      expect(diagnostic.severity).toBe('warning');
      expect(diagnostic.code).toMatch(/^community-/);
    }

    const strict = await naftiko(['validate', SEED, '--strict', '--format', 'json']);
    expect(strict.code, strict.stderr).toBe(1);
    const [invalid] = JSON.parse(strict.stdout).files;
    expect(invalid.valid).toBe(false);
    const key = (diagnostic: { code: string; line: number; column: number }) =>
      `${diagnostic.line}:${diagnostic.column} ${diagnostic.code}`;
    expect(invalid.diagnostics.map(key)).toEqual(valid.diagnostics.map(key));
    expect(
      invalid.diagnostics.every((diagnostic: { severity: string }) => diagnostic.severity === 'error'),
    ).toBe(true);
  });

  test('--dialect official rejects the seed', async () => {
    const result = await naftiko(['validate', SEED, '--dialect', 'official', '--format', 'json']);
    expect(result.code).toBe(1);
    const [file] = JSON.parse(result.stdout).files;
    expect(file.valid).toBe(false);
    expect(file.diagnostics.some((diagnostic: { severity: string }) => diagnostic.severity === 'error')).toBe(
      true,
    );
  });

  test('the CI example validates with the flags of its workflow', async () => {
    const workflow = await readFile(
      join(repoRoot, 'examples/ci-validation/.github/workflows/validate.yml'),
      'utf8',
    );
    expect(workflow).toContain('npx naftiko validate capabilities/ --strict --format github');
    const result = await naftiko(['validate', 'capabilities/', '--strict', '--format', 'github'], {
      cwd: join(repoRoot, 'examples/ci-validation'),
    });
    expect(result).toEqual({ code: 0, stdout: '✔ 1 file valid\n', stderr: '' });
  });

  test('colour never reaches a pipe, and a bad --format value gets a suggestion', async () => {
    const piped = await naftiko(['validate', 'caps/invalid.yaml'], { cwd: work, env: { NO_COLOR: '' } });
    expect(piped.stdout).not.toContain('\u001b[');
    const format = await naftiko(['validate', 'caps', '--format', 'sarf'], { cwd: work });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain(
      "Invalid value 'sarf' for '--format'; expected one of text, json, github, sarif. Did you mean 'sarif'?",
    );
  });
});
