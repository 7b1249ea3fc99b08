import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { DIAGNOSTIC_CODES, isDiagnosticCode } from './diagnostic-codes.js';
import { validateCapability } from './validate-capability.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const VALID = join(FIXTURES, 'valid');
const INVALID = join(FIXTURES, 'invalid');

function yamlFiles(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(directory, name));
}

const validFiles = [...yamlFiles(VALID), ...yamlFiles(join(VALID, 'shared'))];

describe('valid fixtures', () => {
  test.each(validFiles.map((path) => ({ path, name: path.slice(FIXTURES.length) })))(
    '$name has no finding in either dialect',
    ({ path }) => {
      for (const dialect of ['compatible', 'official'] as const) {
        const result = validateCapability({ path, dialect, strict: true });
        expect(result.diagnostics).toEqual([]);
        expect(result.value?.dialect).toBe(dialect);
      }
    },
  );

  test('imports are resolved in value.document, renamed by `as`', () => {
    const { value } = validateCapability({ path: join(VALID, 'imports.yaml') });
    const consumes = value?.document.capability?.consumes ?? [];
    expect(consumes.map((entry) => ('namespace' in entry ? entry.namespace : undefined))).toEqual([
      'registry',
      'forecast-api',
    ]);
    const forecast = consumes[1];
    expect(forecast && 'baseUri' in forecast ? forecast.baseUri : undefined).toBe(
      'https://weather.naftiko.test',
    );
    expect(forecast?.description).toBe('Marine weather, imported under a local name.');
    expect(consumes.some((entry) => 'location' in entry)).toBe(false);
  });
});

interface Expectation {
  name: string;
  path: string;
  severity: string;
  code: string;
  line: number;
  /** A mistake the compatible dialect accepts as a community construct is checked in `official`. */
  dialect: 'compatible' | 'official';
}

const expectations: Expectation[] = yamlFiles(INVALID).map((path) => {
  const header = /^# expect: (error|warning|info) ([a-z0-9-]+) (\d+)( official)?\n/.exec(
    readFileSync(path, 'latin1'),
  );
  if (!header) throw new Error(`${path} must start with "# expect: <severity> <code> <line> [official]"`);
  return {
    name: path.slice(FIXTURES.length),
    path,
    severity: header[1]!,
    code: header[2]!,
    line: Number(header[3]),
    dialect: header[4] ? 'official' : 'compatible',
  };
});

describe('invalid fixtures: one mistake each', () => {
  test('there are at least 40, each a distinct mistake', () => {
    expect(expectations.length).toBeGreaterThanOrEqual(40);
    const contents = expectations.map(({ path }) => readFileSync(path, 'latin1').replace(/^.*\n/, ''));
    expect(new Set(contents).size).toBe(contents.length);
  });

  test.each(expectations)(
    '$name: $severity $code at line $line',
    ({ path, severity, code, line, dialect }) => {
      expect(isDiagnosticCode(code)).toBe(true);
      const { value, diagnostics } = validateCapability({ path, dialect });
      expect(diagnostics.map(({ file, severity, code, line }) => ({ file, severity, code, line }))).toEqual([
        { file: path, severity, code, line },
      ]);
      expect(diagnostics[0]?.column).toBeGreaterThanOrEqual(1);
      expect(value === undefined).toBe(severity === 'error');
    },
  );

  test('every rule, import and load code has a fixture (codes only reachable by API options aside)', () => {
    const covered = new Set(expectations.map((expectation) => expectation.code));
    // The official dialect's side of community-path-parameter-appended and
    // community-undeclared-variable, and unsupplied-required-parameter, which needs the community
    // `required` field (each in rules.test.ts).
    const apiOnly = new Set([
      'unsupplied-required-parameter',
      'file-unreadable',
      'file-too-large',
      'path-parameter-not-in-path',
      'undeclared-auth-variable',
    ]);
    const missing = Object.entries(DIAGNOSTIC_CODES)
      .filter(
        ([code, info]) =>
          info.stage !== 'schema' && info.stage !== 'migrate' && !covered.has(code) && !apiOnly.has(code),
      )
      .map(([code]) => code);
    expect(missing).toEqual([]);
  });
});
