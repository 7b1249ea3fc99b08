import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { validateCapability } from '../validate-capability.js';
import { migrateCapability } from './migrate-capability.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const yamlIn = (folder: string) =>
  readdirSync(`${FIXTURES}${folder}`)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => `${FIXTURES}${folder}/${name}`);

/** The model the engine runs for `source`, read as if it were the file `filename`. */
function model(source: string, filename: string) {
  const result = validateCapability({ source, filename });
  expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return result.value?.document;
}

/**
 * The model without what beta5 writes differently on purpose: alpha2 may leave REST resources
 * and operations unnamed (ikanos keys them, by path or method) and a `ref` tool named after its
 * function (ikanos keys it by that name), and an alpha2 import's own
 * `description` (ikanos imports have none: it becomes a comment).
 */
function comparable(document: unknown): unknown {
  return JSON.parse(JSON.stringify(document), function (key, value) {
    const named = this && typeof this === 'object' ? (this as Record<string, unknown>) : {};
    const generated =
      'method' in named ||
      'operations' in named ||
      'forward' in named ||
      (typeof named.ref === 'string' && named.ref.endsWith(`.${String(value)}`));
    if (key === 'name' && generated) return undefined;
    return value;
  });
}

describe('naftiko migrate, alpha2 <-> ikanos 1.0.0-beta5, round trips', () => {
  test.each(yamlIn('valid'))('%s: to beta5 runs the same model, and back again', (path) => {
    const source = readFileSync(path, 'utf8');
    const beta5 = migrateCapability({ source, filename: path, to: '1.0.0-beta5' });
    expect(beta5.diagnostics).toEqual([]);
    expect(beta5.text).toMatch(/^ikanos: /m);
    const original = model(source, path);
    const migrated = model(beta5.text!, path);
    const stripped = (document: unknown) =>
      path.endsWith('imports.yaml') ? withoutImportDescriptions(comparable(document)) : comparable(document);
    expect(stripped(migrated)).toEqual(stripped(original));
    const back = migrateCapability({ source: beta5.text!, filename: path, to: '1.0.0-alpha2' });
    expect(back.diagnostics).toEqual([]);
    expect(back.text).toMatch(/^naftiko: /m);
    expect(model(back.text!, path)).toEqual(migrated);
  });

  test.each(yamlIn('ikanos'))(
    '%s: to alpha2 and back, fields alpha2 has no place for dropped with a warning',
    (path) => {
      const source = readFileSync(path, 'utf8');
      const alpha2 = migrateCapability({ source, filename: path, to: '1.0.0-alpha2' });
      expect(alpha2.diagnostics.every((diagnostic) => diagnostic.code === 'migrate-dropped')).toBe(true);
      const back = migrateCapability({ source: alpha2.text!, filename: path, to: '1.0.0-beta5' });
      expect(back.diagnostics).toEqual([]);
      expect(model(back.text!, path)).toEqual(model(alpha2.text!, path));
      if (alpha2.diagnostics.length === 0) expect(model(back.text!, path)).toEqual(model(source, path));
    },
  );

  test('comments stay with what they describe; a listed item becomes a key, its comment above it', () => {
    const source = `# The harbour capability.
naftiko: 1.0.0-alpha2
info:
  label: Harbour # shown to users
  description: Ships.
capability:
  consumes:
    - type: http
      namespace: harbour
      description: Harbour API.
      baseUri: https://harbour.naftiko.test
      resources:
        # Every ship.
        - name: ships
          path: /ships
          operations:
            - name: list-ships
              method: GET
  exposes:
    - type: mcp
      namespace: harbour-mcp
      port: 3001
      description: Harbour tools.
      tools:
        - name: list-ships
          description: List the ships.
          call: harbour.list-ships
`;
    const { text, diagnostics } = migrateCapability({ source, to: '1.0.0-beta5' });
    expect(diagnostics).toEqual([]);
    expect(text).toBe(`# The harbour capability.
ikanos: 1.0.0-beta5
info:
  display: Harbour # shown to users
  description: Ships.
capability:
  consumes:
    - type: http
      namespace: harbour
      description: Harbour API.
      baseUri: https://harbour.naftiko.test
      resources:
        # Every ship.
        ships:
          path: /ships
          operations:
            list-ships:
              method: GET
  exposes:
    - type: mcp
      namespace: harbour-mcp
      port: 3001
      description: Harbour tools.
      tools:
        list-ships:
          description: List the ships.
          call: harbour.list-ships
`);
  });

  test('a community construct with an official form is written in that form, with a warning', () => {
    const source = `# Orders.
naftiko: 1.0.0-alpha2
info:
  title: Orders
  description: Orders capability.
capability:
  consumes:
    - type: http
      namespace: orders
      description: Orders API.
      baseUri: https://orders.naftiko.test
      resources:
        - name: orders
          path: /orders
          operations:
            - id: list-orders
              method: get
  exposes:
    - type: mcp
      namespace: orders-mcp
      port: 3001
      description: Orders tools.
      tools:
        - name: list-orders
          description: List the orders.
          call: orders.list-orders
`;
    const { text, diagnostics } = migrateCapability({ source, to: '1.0.0-beta5' });
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['migrate-rewritten']);
    expect(text).toContain('# Orders.');
    expect(text).toContain('display: Orders');
    expect(text).toMatch(/operations:\n\s+list-orders:\n\s+method: GET/);
    expect(model(text!, '<input>')).toEqual(model(source, '<input>'));
  });

  test('an invalid source is not migrated: its diagnostics say why', () => {
    const result = migrateCapability({
      source: 'naftiko: 1.0.0-alpha2\ncapability: {}\n',
      to: '1.0.0-beta5',
    });
    expect(result.text).toBeUndefined();
    expect(result.diagnostics[0]?.severity).toBe('error');
  });
});

function withoutImportDescriptions(document: unknown): unknown {
  const copy = structuredClone(document) as { capability?: { consumes?: Array<{ description?: string }> } };
  for (const entry of copy.capability?.consumes ?? []) delete entry.description;
  return copy;
}
