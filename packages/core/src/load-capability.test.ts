import { describe, expect, test } from 'vitest';
import { loadCapability } from './load-capability.js';
import { seedPath } from './testing/fixtures.js';

describe('loadCapability', () => {
  test('the seed loads in the compatible dialect, keeping its community warnings', () => {
    const { capability, diagnostics } = loadCapability(seedPath);
    expect(capability).toBeDefined();
    expect(capability?.consumes.map((c) => c.namespace)).toEqual(['managed-agents-sessions']);
    expect(capability?.binds.map((b) => b.namespace)).toEqual(['env']);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(capability?.diagnostics).toEqual(diagnostics);
  });

  test('errors found by the spec package mean no capability', () => {
    const { capability, diagnostics } = loadCapability('naftiko: 1.0.0-alpha2\ncapability: {}\n');
    expect(capability).toBeUndefined();
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  test('what would fail at start or on the first call is a positioned diagnostic at load', () => {
    const source = `naftiko: 1.0.0-alpha2
binds:
  - namespace: vault
    location: vault://secret/x
    keys: { K: k }
capability:
  consumes:
    - type: http
      namespace: up
      description: Upstream
      baseUri: http://localhost
      resources:
        - name: r
          path: /r
          operations:
            - name: op
              method: GET
              inputParameters:
                - { name: q, in: query, value: "{{#if x}}open" }
  exposes:
    - type: mcp
      namespace: m
      port: 1
      tools:
        - name: t
          description: T
          call: up.op
          with:
            q: "{{#each}}"
        - name: s
          description: S
          steps:
            - type: script
              name: py
              language: python
              location: file:///./scripts
              file: x.py
`;
    const { capability, diagnostics } = loadCapability(source, { filename: 'inline.yaml' });
    expect(capability).toBeUndefined();
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.pointer, d.line])).toEqual([
      ['bind-location-unsupported', '/binds/0/location', 4],
      ['template-syntax', '/capability/consumes/0/resources/0/operations/0/inputParameters/0/value', 19],
      ['template-syntax', '/capability/exposes/0/tools/0', 25],
      ['script-unsupported', '/capability/exposes/0/tools/1', 30],
    ]);
    expect(errors[0]?.message).toBe(
      'Bind "vault" uses the location scheme "vault://", which naftiko cannot read. Supported: file:/// (a JSON or YAML file) or no location (the environment).',
    );
    expect(errors.every((d) => d.file === 'inline.yaml')).toBe(true);
  });

  test('an input parameter pattern that is no regular expression is an error at that pattern', () => {
    const source = `naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: up
      description: Upstream
      baseUri: http://localhost
      resources:
        - name: items
          path: /items/{{id}}
          operations:
            - name: get-item
              method: GET
              inputParameters:
                - { name: id, in: path }
  exposes:
    - type: rest
      namespace: api
      port: 1
      resources:
        - path: /items/{id}
          name: items
          operations:
            - method: GET
              name: get-item
              inputParameters:
                - name: id
                  in: path
                  type: string
                  description: The id.
                  pattern: "[a-"
              call: up.get-item
              with:
                id: rest.id
`;
    const { capability, diagnostics } = loadCapability(source, { filename: 'inline.yaml' });
    expect(capability).toBeUndefined();
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([
      {
        code: 'action-invalid',
        severity: 'error',
        message:
          'Input parameter "id" of "api.get-item" has an invalid pattern "[a-": Unterminated character class. Fix the regular expression (JavaScript syntax, unicode mode).',
        pointer: '/capability/exposes/0/resources/0/operations/0/inputParameters/0/pattern',
        file: 'inline.yaml',
        line: 31,
        column: 28,
        endLine: 31,
        endColumn: 33,
      },
    ]);
  });
});
