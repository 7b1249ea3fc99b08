import { expect, test } from 'vitest';
import { DIAGNOSTIC_CODES, isDiagnosticCode, VALIDATION_CODES } from './diagnostic-codes.js';
import { SCHEMA_ISSUE_CODES } from './schema/schema-issue.js';

test('codes are kebab-case, documented in one line, with a severity and a stage', () => {
  for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
    expect(code).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(info.summary.trim().length).toBeGreaterThan(10);
    expect(info.summary).not.toContain('\n');
    expect(['error', 'warning', 'info']).toContain(info.severity);
  }
});

test('the schema stage codes come from checkSchema, all errors', () => {
  for (const code of Object.keys(SCHEMA_ISSUE_CODES)) {
    expect(DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES]).toMatchObject({
      stage: 'schema',
      severity: 'error',
    });
  }
  expect(Object.keys(DIAGNOSTIC_CODES).length).toBe(
    Object.keys(VALIDATION_CODES).length + Object.keys(SCHEMA_ISSUE_CODES).length,
  );
});

test('community constructs are warnings named community-*', () => {
  for (const [code, info] of Object.entries(VALIDATION_CODES)) {
    expect(code.startsWith('community-')).toBe(info.stage === 'community');
    if (info.stage === 'community') expect(info.severity).toBe('warning');
  }
});

test('isDiagnosticCode knows exactly the documented codes', () => {
  expect(isDiagnosticCode('unknown-call-target')).toBe(true);
  expect(isDiagnosticCode('schema-enum')).toBe(true);
  expect(isDiagnosticCode('toString')).toBe(false);
  expect(isDiagnosticCode('made-up')).toBe(false);
});
