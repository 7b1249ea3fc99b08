import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  compileCapabilitySchema,
  createCapabilityAjv,
} from '../../packages/spec/src/schema/capability-schema.js';
import { checkSchema } from '../../packages/spec/src/schema/check-schema.js';
import type { Dialect } from '../../packages/spec/src/schema/create-capability-schema.js';
import {
  apply,
  cases,
  type Doc,
  fixture,
  get,
  pointersOf,
  remove,
  set,
  type ValidateFunction,
  verdict,
} from '../../packages/spec/src/testing/official-mistakes.js';
import { officialSchemaFile, referenceDir, repoRoot } from './reference-paths.js';

// The official alpha2 schema and examples are read from ../shared/reference, never copied.
describe('our official-dialect schema accepts exactly what the official alpha2 schema accepts', () => {
  let reference: ValidateFunction;
  let officialSchema: object;
  const ours = (dialect: Dialect) => compileCapabilitySchema(dialect).validate;

  beforeAll(() => {
    // The official file carries non-standard keywords (`name`), so it compiles without strict mode.
    // Like ours, it validates fail-fast: only verdicts are compared.
    officialSchema = JSON.parse(readFileSync(officialSchemaFile, 'utf8'));
    reference = createCapabilityAjv({ strict: false }).compile(officialSchema);
  });

  test('the official examples get the same verdict', () => {
    const dirs = [`${referenceDir}examples/`, `${referenceDir}examples/shared/`];
    const files = dirs.flatMap((dir) =>
      readdirSync(dir)
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => `${dir}${name}`),
    );
    expect(files.length).toBeGreaterThanOrEqual(10);
    let accepted = 0;
    for (const file of files) {
      const doc = parse(readFileSync(file, 'utf8'));
      const expected = verdict(reference, doc);
      if (expected) accepted++;
      expect(verdict(ours('official'), doc), file).toBe(expected);
      expect(checkSchema(doc, 'official').length === 0, file).toBe(expected);
    }
    // Most examples are capabilities; a few shared files (bind values) are not documents at all.
    expect(accepted).toBeGreaterThanOrEqual(9);
  });

  test('the seed is rejected by both official schemas and accepted by the compatible dialect', () => {
    const seed = parse(readFileSync(`${repoRoot}capabilities/managed-agents-sessions.yaml`, 'utf8'));
    expect(verdict(reference, seed)).toBe(false);
    expect(verdict(ours('official'), seed)).toBe(false);
    expect(verdict(ours('compatible'), seed)).toBe(true);
    expect(checkSchema(seed, 'compatible')).toEqual([]);
    const codes = new Set(checkSchema(seed, 'official').map((issue) => issue.code));
    expect([...codes].sort()).toEqual(['schema-enum', 'schema-unknown-property']);
  });

  test('our fixtures of every construct are valid in both', () => {
    for (const name of ['every-construct.yaml', 'consumes-only.yaml']) {
      const doc = fixture(name);
      expect(verdict(reference, doc), name).toBe(true);
      expect(verdict(ours('official'), doc), name).toBe(true);
      expect(verdict(ours('compatible'), doc), name).toBe(true);
    }
  });

  // Which issue each dialect reports is `pnpm test`'s (official-equivalence.test.ts); here only
  // that the verdicts written beside the cases are the official schema's own.
  test(`${cases.length} one-mistake documents and their valid twins`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const mistake of cases) {
      const invalid = apply(mistake.mutate);
      const twin = apply(mistake.twin);
      expect(verdict(reference, twin), `${mistake.name} (twin)`).toBe(true);
      expect(verdict(ours('official'), invalid), mistake.name).toBe(verdict(reference, invalid));
      expect(verdict(reference, invalid), mistake.name).toBe(mistake.official === 'valid');
    }
  });

  test('systematic mutations of every node get the same verdict, and checkSchema agrees with ajv', () => {
    const base = fixture('every-construct.yaml');
    const replacements: unknown[] = [null, 7, 'text'];
    let documents = 0;
    let rejected = 0;
    for (const pointer of pointersOf(base)) {
      const edits: ((doc: Doc) => void)[] = [(doc) => remove(doc, pointer)];
      for (const replacement of replacements) edits.push((doc) => set(doc, pointer, replacement));
      const node = get(base, pointer);
      if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
        edits.push((doc) => set(doc, `${pointer}/zz-unknown`, 'x'));
      }
      edits.forEach((edit, index) => {
        const doc = structuredClone(base);
        edit(doc);
        documents++;
        const expected = verdict(reference, doc);
        if (!expected) rejected++;
        expect(verdict(ours('official'), doc), `edit ${index} at ${pointer}`).toBe(expected);
        // checkSchema is the slower part: every other document, alternating dialects.
        if (documents % 4 === 0) {
          expect(checkSchema(doc, 'official').length === 0, `edit ${index} at ${pointer}`).toBe(expected);
        } else if (documents % 4 === 2) {
          const compatible = verdict(ours('compatible'), doc);
          expect(checkSchema(doc, 'compatible').length === 0, `edit ${index} at ${pointer}`).toBe(compatible);
        }
      });
    }
    expect(documents).toBeGreaterThan(2000);
    expect(rejected).toBeGreaterThan(documents / 2);
  }, 120_000);
});
