import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { apply, cases, fixture, verdict } from '../testing/official-mistakes.js';
import { compileCapabilitySchema } from './capability-schema.js';
import { checkSchema } from './check-schema.js';
import type { Dialect } from './create-capability-schema.js';

// In-repo half of the official-dialect checks: our schemas give each fixture and one-mistake
// document the verdict written beside it. That those verdicts are the official alpha2 schema's own
// is checked against the reference files beside the repository by `pnpm reference`
// (scripts/reference), not here.
const ours = (dialect: Dialect) => compileCapabilitySchema(dialect).validate;

describe('our official-dialect and compatible schemas', () => {
  test('the seed is rejected by the official dialect and accepted by the compatible one', () => {
    const seed = parse(
      readFileSync(new URL('../../../../capabilities/managed-agents-sessions.yaml', import.meta.url), 'utf8'),
    );
    expect(verdict(ours('official'), seed)).toBe(false);
    expect(verdict(ours('compatible'), seed)).toBe(true);
    expect(checkSchema(seed, 'compatible')).toEqual([]);
    const codes = new Set(checkSchema(seed, 'official').map((issue) => issue.code));
    expect([...codes].sort()).toEqual(['schema-enum', 'schema-unknown-property']);
  });

  test('our fixtures of every construct are valid in both', () => {
    for (const name of ['every-construct.yaml', 'consumes-only.yaml']) {
      const doc = fixture(name);
      expect(verdict(ours('official'), doc), name).toBe(true);
      expect(verdict(ours('compatible'), doc), name).toBe(true);
    }
  });

  test(`${cases.length} one-mistake documents get the expected issue, their valid twins none`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const mistake of cases) {
      const invalid = apply(mistake.mutate);
      const twin = apply(mistake.twin);
      expect(verdict(ours('official'), twin), `${mistake.name} (twin)`).toBe(true);
      expect(checkSchema(twin, 'official'), `${mistake.name} (twin)`).toEqual([]);
      expect(checkSchema(twin, 'compatible'), `${mistake.name} (twin)`).toEqual([]);
      expect(verdict(ours('official'), invalid), mistake.name).toBe(mistake.official === 'valid');
      for (const dialect of ['official', 'compatible'] as const) {
        const expectation =
          dialect === 'official' ? mistake.official : (mistake.compatible ?? mistake.official);
        const issues = checkSchema(invalid, dialect);
        if (expectation === 'valid') {
          expect(issues, `${mistake.name} (${dialect})`).toEqual([]);
        } else {
          expect(issues, `${mistake.name} (${dialect})`).toEqual([
            expect.objectContaining({
              code: expectation.code,
              pointer: expectation.pointer,
              severity: 'error',
            }),
          ]);
        }
      }
    }
  });
});
