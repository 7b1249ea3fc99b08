import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { isDiagnosticCode } from './diagnostic-codes.js';
import { validateCapability } from './validate-capability.js';

const CONSUMES_FILE = `naftiko: 1.0.0-alpha2
consumes:
  - type: http
    namespace: payments
    description: Payments API.
    baseUri: https://payments.naftiko.test
    resources:
      - name: payments
        path: /payments/{{payment_id}}
        operations:
          - name: get-payment
            method: GET
            inputParameters:
              - name: payment_id
                in: path
`;

function capability(consumes: string, tool = 'payments.get-payment'): string {
  return `naftiko: 1.0.0-alpha2
capability:
  consumes:
${consumes}
  exposes:
    - type: mcp
      port: 9300
      namespace: pay-mcp
      description: Payment tools.
      tools:
        - name: get-payment
          description: One payment.
          inputParameters:
            - name: id
              type: string
              description: Payment id.
          call: ${tool}
          with:
            payment_id: pay-mcp.id
`;
}

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'naftiko-spec-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const path = join(directory, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function summary(diagnostics: ReturnType<typeof validateCapability>['diagnostics']) {
  return diagnostics.map(
    ({ file, line, severity, code }) => `${file?.replace(directory, '<dir>')}:${line} ${severity} ${code}`,
  );
}

describe('validateCapability inputs', () => {
  test('source text is validated under the given filename, or <input>', () => {
    const source = capability(`    - location: ./missing.yaml\n      import: payments`);
    expect(summary(validateCapability({ source, filename: 'inline.yaml' }).diagnostics)).toEqual([
      'inline.yaml:4 error import-not-found',
    ]);
    expect(validateCapability({ source: 'naftiko: [' }).diagnostics[0]?.file).toBe('<input>');
  });

  test('an unreadable path is one diagnostic, not an exception', () => {
    const missing = validateCapability({ path: join(directory, 'nope.yaml') });
    expect(missing.diagnostics).toEqual([
      expect.objectContaining({
        code: 'file-unreadable',
        severity: 'error',
        message: expect.stringContaining('does not exist'),
      }),
    ]);
    expect(validateCapability({ path: directory }).diagnostics[0]).toMatchObject({
      code: 'file-unreadable',
      message: expect.stringContaining('is a directory'),
    });
    expect(validateCapability({}).diagnostics[0]?.code).toBe('file-unreadable');
  });

  test('maxBytes caps files on disk before they are read, and source text', () => {
    const path = write('big.yaml', `naftiko: 1.0.0-alpha2\n# ${'x'.repeat(4096)}\n`);
    expect(validateCapability({ path, maxBytes: 1024 }).diagnostics).toEqual([
      expect.objectContaining({
        code: 'file-too-large',
        message: expect.stringContaining('over the 1 KiB limit'),
      }),
    ]);
    expect(validateCapability({ source: 'x'.repeat(2048), maxBytes: 1024 }).diagnostics[0]?.code).toBe(
      'file-too-large',
    );
  });

  test('a JSON capability validates like YAML', () => {
    const json = JSON.stringify({
      naftiko: '1.0.0-alpha2',
      capability: {
        exposes: [
          {
            type: 'mcp',
            port: 9301,
            namespace: 'json-mcp',
            tools: [
              {
                name: 'hello',
                description: 'Says hello.',
                outputParameters: [{ name: 'greeting', type: 'string', value: 'hello' }],
              },
            ],
          },
        ],
      },
    });
    const result = validateCapability({ source: json, filename: 'capability.json', dialect: 'official' });
    expect(result.diagnostics).toEqual([]);
    expect(result.value?.document.naftiko).toBe('1.0.0-alpha2');
  });
});

describe('a document that is not a capability says so in one error', () => {
  test.each([
    [
      'an OpenAPI file',
      'openapi: 3.1.0\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\n',
      /OpenAPI description.*naftiko import openapi/,
    ],
    [
      'a random YAML file',
      'jobs:\n  build:\n    runs-on: ubuntu-latest\n',
      /not a Naftiko capability.*`jobs`/,
    ],
  ])('%s', (_name, source, message) => {
    const { diagnostics, value } = validateCapability({ source, filename: 'x.yaml' });
    expect(value).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'not-a-capability', severity: 'error', line: 1 }),
    ]);
    expect(diagnostics[0]?.message).toMatch(message);
  });
});

describe('validateCapability results', () => {
  test('reports every problem of every stage in one run, sorted by line', () => {
    const source = `naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: shop
      baseUri: https://shop.naftiko.test/
      resources:
        - name: items
          path: /items
          operations:
            - name: list
              method: FETCH
  exposes:
    - type: mcp
      port: 9302
      namespace: shop
      tools:
        - name: list
          description: Lists items.
          call: shop.lst
`;
    expect(summary(validateCapability({ source, filename: 'all.yaml' }).diagnostics)).toEqual([
      'all.yaml:4 warning consumes-description-missing',
      'all.yaml:6 warning base-uri-trailing-slash',
      'all.yaml:12 error schema-enum',
      'all.yaml:16 error duplicate-namespace',
      'all.yaml:20 error unknown-call-target',
    ]);
  });

  test('value is present only without errors; strict turns warnings into errors and keeps codes', () => {
    const source = capability(`    - type: http
      namespace: payments
      description: Payments API.
      baseUri: https://payments.naftiko.test/
      resources:
        - name: payments
          path: /payments/{{payment_id}}
          operations:
            - name: get-payment
              method: GET`);
    const relaxed = validateCapability({ source });
    expect(summary(relaxed.diagnostics)).toEqual(['<input>:7 warning base-uri-trailing-slash']);
    expect(relaxed.value).toBeDefined();
    const strict = validateCapability({ source, strict: true });
    expect(summary(strict.diagnostics)).toEqual(['<input>:7 error base-uri-trailing-slash']);
    expect(strict.value).toBeUndefined();
  });

  test('an unknown version is one diagnostic listing the supported ones, and the schema is skipped', () => {
    const result = validateCapability({ source: 'naftiko: 1.0.0-beta5\ncapability:\n  bogus: true\n' });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'unsupported-version',
        line: 1,
        message: expect.stringContaining('supported: `1.0.0-alpha2`'),
      }),
    ]);
    const ikanos = validateCapability({ source: 'ikanos: 1.0.0-gamma1\ncapability:\n  bogus: true\n' });
    expect(ikanos.diagnostics).toEqual([
      expect.objectContaining({
        code: 'unsupported-version',
        line: 1,
        message: expect.stringContaining('supported: `1.0.0-alpha3`, `1.0.0-alpha4`'),
      }),
    ]);
  });

  test('every emitted code is documented', () => {
    const source = `naftiko: 2\nbinds: [{namespace: x, keys: {A: a}}]\ncapability:\n  exposes:\n    - {type: control, port: 1}\n    - {type: control, port: 1}\n`;
    for (const diagnostic of validateCapability({ source }).diagnostics)
      expect(isDiagnosticCode(diagnostic.code)).toBe(true);
  });
});

describe('imports', () => {
  test('resolve relative to the importing file, renamed by `as`', () => {
    write('common/payments.yaml', CONSUMES_FILE);
    const path = write(
      'app/capability.yaml',
      capability(
        '    - location: ../common/payments.yaml\n      import: payments\n      as: pay',
        'pay.get-payment',
      ),
    );
    const result = validateCapability({ path });
    expect(result.diagnostics).toEqual([]);
    const [entry] = result.value?.document.capability?.consumes ?? [];
    expect(entry).toMatchObject({ type: 'http', namespace: 'pay', baseUri: 'https://payments.naftiko.test' });
    expect(result.value?.baseDir).toBe(join(directory, 'app'));
  });

  test('findings inside an imported entry point into the imported file', () => {
    write(
      'shared/payments.yaml',
      CONSUMES_FILE.replace('/payments/{{payment_id}}', '/payments/{{payment_id}}?expand=1'),
    );
    const path = write(
      'capability.yaml',
      capability('    - location: ./shared/payments.yaml\n      import: payments'),
    );
    expect(summary(validateCapability({ path }).diagnostics)).toEqual([
      '<dir>/shared/payments.yaml:9 warning consumed-path-query',
    ]);
  });

  test('an import that is a FIFO is refused at once, never opened for a blocking read', () => {
    mkdirSync(join(directory, 'shared'), { recursive: true });
    execFileSync('mkfifo', [join(directory, 'shared/payments.yaml')]);
    const path = write(
      'capability.yaml',
      capability('    - location: ./shared/payments.yaml\n      import: payments'),
    );
    const { diagnostics } = validateCapability({ path });
    expect(diagnostics[0]).toMatchObject({ severity: 'error' });
    expect(diagnostics[0]?.message).toContain('is a named pipe (FIFO), not a regular file');
  });

  test('problems of the imported file itself are reported in that file', () => {
    write('shared/payments.yaml', CONSUMES_FILE.replace('method: GET', 'method: FETCH'));
    const path = write(
      'capability.yaml',
      capability('    - location: ./shared/payments.yaml\n      import: payments'),
    );
    expect(summary(validateCapability({ path }).diagnostics)).toEqual([
      '<dir>/shared/payments.yaml:12 error schema-enum',
    ]);
  });

  test('an import of an import is followed; a loop between files is a cycle', () => {
    write('shared/payments.yaml', CONSUMES_FILE);
    write(
      'shared/relay.yaml',
      'naftiko: 1.0.0-alpha2\nconsumes:\n  - location: ./payments.yaml\n    import: payments\n',
    );
    const chained = write(
      'chained.yaml',
      capability('    - location: ./shared/relay.yaml\n      import: payments'),
    );
    expect(validateCapability({ path: chained }).diagnostics).toEqual([]);

    write('loop/a.yaml', 'naftiko: 1.0.0-alpha2\nconsumes:\n  - location: ./b.yaml\n    import: payments\n');
    write('loop/b.yaml', 'naftiko: 1.0.0-alpha2\nconsumes:\n  - location: ./a.yaml\n    import: payments\n');
    const looped = write('looped.yaml', capability('    - location: ./loop/a.yaml\n      import: payments'));
    const result = validateCapability({ path: looped });
    expect(summary(result.diagnostics)).toEqual(['<dir>/loop/b.yaml:3 error import-cycle']);
    expect(result.diagnostics[0]?.message).toContain('leads back to itself');
  });

  test('only local YAML or JSON files are imported', () => {
    for (const location of ['https://example.org/consumes.yaml', '/etc/passwd', './notes.txt']) {
      const path = write(
        'capability.yaml',
        capability(`    - location: ${location}\n      import: payments`),
      );
      expect(summary(validateCapability({ path }).diagnostics)).toEqual([
        '<dir>/capability.yaml:4 error import-unsupported-location',
      ]);
    }
  });

  test('an editor can pass unsaved text with its filename; imports resolve next to it', () => {
    write('shared/payments.yaml', CONSUMES_FILE);
    const filename = join(directory, 'draft.yaml');
    const source = capability('    - location: ./shared/payments.yaml\n      import: payments');
    const result = validateCapability({ source, filename });
    expect(result.diagnostics).toEqual([]);
    expect(result.value?.baseDir).toBe(directory);
    expect(result.value?.path).toBeUndefined();
  });

  test('calls into an import that failed are not reported again', () => {
    const path = write(
      'capability.yaml',
      capability('    - location: ./nowhere.yaml\n      import: payments'),
    );
    expect(summary(validateCapability({ path }).diagnostics)).toEqual([
      '<dir>/capability.yaml:4 error import-not-found',
    ]);
  });

  test('a namespace the file does not declare lists the ones it does', () => {
    write('shared/payments.yaml', CONSUMES_FILE);
    const path = write(
      'capability.yaml',
      capability('    - location: ./shared/payments.yaml\n      import: payment'),
    );
    const [diagnostic] = validateCapability({ path }).diagnostics;
    expect(diagnostic).toMatchObject({ code: 'import-namespace-not-found', line: 5 });
    expect(diagnostic?.message).toContain('did you mean `payments`?');
  });
});
