import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { validateCapability } from './validate-capability.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SEED = join(REPO_ROOT, 'capabilities/managed-agents-sessions.yaml');
const SEED_SHA256 = '980bd53eb0df78825da5ebec17a2c817752fac91d4271f56ceb9d0c404165f99';

describe('the seed capability', () => {
  // Byte-identity with the seed document beside the repository is checked by `pnpm reference`
  // (scripts/reference).
  test('is pinned by sha256', () => {
    expect(createHash('sha256').update(readFileSync(SEED)).digest('hex')).toBe(SEED_SHA256);
  });

  test('passes in the compatible dialect, with a warning for each community construct', () => {
    const result = validateCapability({ path: SEED });
    expect(result.value).toBeDefined();
    expect(result.diagnostics.every((diagnostic) => diagnostic.file === SEED)).toBe(true);
    expect(
      result.diagnostics.map(({ severity, code, line }) => `${line} ${severity} ${code}`),
    ).toMatchInlineSnapshot(`
      [
        "27 warning community-consumes-headers",
        "39 warning community-body-parameter",
        "41 warning community-consumed-parameter-fields",
        "50 warning community-consumed-parameter-fields",
        "53 warning community-consumed-parameter-fields",
        "55 warning community-single-brace-path",
        "64 warning community-consumed-parameter-fields",
        "73 warning community-consumed-parameter-fields",
        "75 warning community-body-parameter",
        "77 warning community-consumed-parameter-fields",
        "86 warning community-consumed-parameter-fields",
        "89 warning community-single-brace-path",
        "98 warning community-consumed-parameter-fields",
        "100 warning community-body-parameter",
        "102 warning community-consumed-parameter-fields",
        "105 warning community-single-brace-path",
        "110 warning community-output-raw-format-text",
        "114 warning community-consumed-parameter-fields",
        "119 warning community-namespaced-template",
        "136 warning community-argument-reference",
        "145 warning community-argument-reference",
        "146 warning community-argument-reference",
        "155 warning community-argument-reference",
        "164 warning community-argument-reference",
        "165 warning community-argument-reference",
        "174 warning community-argument-reference",
      ]
    `);
  });

  test('fails with strict: exactly the community constructs, as errors', () => {
    const compatible = validateCapability({ path: SEED });
    const strict = validateCapability({ path: SEED, strict: true });
    expect(strict.value).toBeUndefined();
    expect(strict.diagnostics.every((diagnostic) => diagnostic.severity === 'error')).toBe(true);
    expect(strict.diagnostics.every((diagnostic) => diagnostic.code.startsWith('community-'))).toBe(true);
    // Same findings, same places: strict only changes the severity.
    expect(strict.diagnostics.map(({ code, line, column }) => ({ code, line, column }))).toEqual(
      compatible.diagnostics.map(({ code, line, column }) => ({ code, line, column })),
    );
  });

  test('fails in the official dialect: the schema rejects the community constructs', () => {
    const result = validateCapability({ path: SEED, dialect: 'official' });
    expect(result.value).toBeUndefined();
    const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(
      new Set(errors.map((diagnostic) => `${diagnostic.code} ${diagnostic.pointer.split('/').at(-1)}`)),
    ).toEqual(
      new Set([
        'schema-unknown-property headers',
        'schema-unknown-property type',
        'schema-unknown-property required',
        'schema-enum outputRawFormat',
      ]),
    );
    // The schema-valid constructs mean something else to the official engine: still warnings.
    expect(new Set(result.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code))).toEqual(
      new Set([
        'community-body-parameter',
        'community-single-brace-path',
        'community-namespaced-template',
        'community-argument-reference',
      ]),
    );
  });

  test('value.document is the parsed seed', () => {
    const { value } = validateCapability({ path: SEED });
    expect(value?.dialect).toBe('compatible');
    expect(value?.path).toBe(SEED);
    expect(value?.baseDir).toBe(join(REPO_ROOT, 'capabilities'));
    const consumes = value?.document.capability?.consumes?.[0];
    expect(consumes && 'namespace' in consumes ? consumes.namespace : undefined).toBe(
      'managed-agents-sessions',
    );
  });
});
