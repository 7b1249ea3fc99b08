import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { createCapabilitySchema, DIALECTS } from '../../packages/spec/src/schema/create-capability-schema.js';
import { officialSchemaFile, repoRoot, sharedSeedFile } from './reference-paths.js';

type Node = Record<string, unknown>;

/** Calls `visit` on every node of a JSON value that has a string `description`. */
function descriptions(node: unknown, visit: (description: string) => void): void {
  if (typeof node !== 'object' || node === null) return;
  const description = (node as Node).description;
  if (typeof description === 'string') visit(description.trim());
  for (const child of Object.values(node as Node)) descriptions(child, visit);
}

test('the seed is byte-identical to ../shared/seed', () => {
  const ours = readFileSync(`${repoRoot}capabilities/managed-agents-sessions.yaml`);
  const theirs = readFileSync(sharedSeedFile);
  expect(createHash('sha256').update(ours).digest('hex')).toBe(
    createHash('sha256').update(theirs).digest('hex'),
  );
});

test('schema descriptions are our own, not copied from the official schema', () => {
  const theirs = new Set<string>();
  descriptions(JSON.parse(readFileSync(officialSchemaFile, 'utf8')), (text) => theirs.add(text));
  expect(theirs.size).toBeGreaterThan(20);
  for (const dialect of DIALECTS) {
    let checked = 0;
    descriptions(createCapabilitySchema({ dialect }), (text) => {
      checked++;
      expect(theirs.has(text), text).toBe(false);
    });
    expect(checked, dialect).toBeGreaterThan(20);
  }
});
