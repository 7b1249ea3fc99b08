import { describe, expect, test } from 'vitest';
import { validateCapability } from '../validate-capability.js';

/** Codes and lines of a capability whose exposes are `exposes` (a YAML block at 4 spaces). */
function findings(exposes: string, extra = ''): string[] {
  const source = `naftiko: 1.0.0-alpha2
capability:${extra}
  consumes:
    - type: http
      namespace: api
      description: An API.
      baseUri: https://api.naftiko.test
      resources:
        - name: item
          path: /items/{{id}}
          operations:
            - name: get-item
              method: GET
              inputParameters:
                - name: id
                  in: path
        - name: items
          path: /items
          operations:
            - name: list-items
              method: GET
  exposes:
${exposes}`;
  return validateCapability({ source }).diagnostics.map(({ line, code }) => `${line} ${code}`);
}

const TOOL = `      tools:
        - name: t
          description: A tool.
          outputParameters:
            - name: x
              type: string
              value: x
`;

describe('ports', () => {
  test('a wildcard address collides with loopback; distinct interfaces do not', () => {
    const pair = (first: string, second: string) => `    - type: mcp
      namespace: a
      port: 9000
      address: ${first}
${TOOL}    - type: mcp
      namespace: b
      port: 9000
      address: ${second}
${TOOL}`;
    expect(findings(pair('0.0.0.0', 'localhost'))).toEqual(['36 port-collision']);
    expect(findings(pair('localhost', '127.0.0.1'))).toEqual(['36 port-collision']);
    expect(findings(pair('10.0.0.1', '10.0.0.2'))).toEqual([]);
  });
});

describe('templates', () => {
  test('a step result is known to later steps only', () => {
    const tool = (first: string) => `    - type: mcp
      namespace: m
      port: 9000
      tools:
        - name: t
          description: A tool.
          steps:
            - type: call
              name: first
              call: api.get-item
              with:
                id: '${first}'
            - type: call
              name: second
              call: api.get-item
              with:
                id: '{{first.id}}'
`;
    expect(findings(tool('{{second.id}}'))).toEqual(['34 unknown-template-variable']);
    expect(findings(tool('x'))).toEqual([]);
  });

  test('a tool that refs a function knows the function arguments', () => {
    const aggregates = `
  aggregates:
    - label: Items
      namespace: items
      functions:
        - name: get
          description: One item.
          inputParameters:
            - {name: item, type: string, description: Item id.}
          call: api.get-item
          with:
            id: '{{item}}'`;
    const exposes = `    - type: mcp
      namespace: m
      port: 9000
      tools:
        - ref: items.get
          hints: {openWorld: true}
`;
    expect(findings(exposes, aggregates)).toEqual([]);
    expect(findings(exposes, aggregates.replace("'{{item}}'", "'{{itm}}'"))).toEqual([
      '13 unknown-template-variable',
    ]);
  });

  test('prompt templates know their arguments', () => {
    const prompt = (content: string) => `    - type: mcp
      namespace: m
      port: 9000
${TOOL}      prompts:
        - name: p
          label: P
          description: A prompt.
          arguments:
            - {name: topic, description: Topic.}
          template:
            - {role: user, content: '${content}'}
`;
    expect(findings(prompt('Write about {{topic}}'))).toEqual([]);
    expect(findings(prompt('Write about {{subject}}'))).toEqual(['40 unknown-template-variable']);
  });
});

describe('community constructs in the official dialect', () => {
  test('only the schema-valid ones are reported by the detectors (the schema reports the rest)', () => {
    const source = `naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: api
      description: An API.
      baseUri: https://api.naftiko.test
      headers: {X-A: b}
      resources:
        - name: items
          path: /items/{id}
          operations:
            - name: get-item
              method: GET
              inputParameters:
                - {name: id, in: path, type: string}
  exposes:
    - type: mcp
      namespace: m
      port: 9000
      tools:
        - name: t
          description: A tool.
          call: api.get-item
          with:
            id: tools.id
`;
    const official = validateCapability({ source, dialect: 'official' }).diagnostics.map(
      (d) => `${d.line} ${d.severity} ${d.code}`,
    );
    expect(official).toEqual([
      '8 error schema-unknown-property',
      '11 warning community-single-brace-path',
      '16 error schema-unknown-property',
      '26 warning community-argument-reference',
    ]);
    const compatible = validateCapability({ source }).diagnostics.map(
      (d) => `${d.line} ${d.severity} ${d.code}`,
    );
    expect(compatible).toEqual([
      '8 warning community-consumes-headers',
      '11 warning community-single-brace-path',
      '16 warning community-consumed-parameter-fields',
      '26 warning community-argument-reference',
    ]);
  });
});

describe('markdown injection', () => {
  test('`eval(` is matched as a word, `<script` in any case', () => {
    const expose = (description: string) => `    - type: mcp
      namespace: m
      port: 9000
      description: '${description}'
${TOOL}`;
    expect(findings(expose('Document retrieval(RAG) and medieval (history)'))).toEqual([]);
    expect(findings(expose('Runs eval (payload)'))).toEqual(['26 markdown-eval']);
    expect(findings(expose('<SCRIPT src=x>'))).toEqual(['26 markdown-script-tag']);
  });
});

describe('consumed path values', () => {
  const source = (tools: string) => `naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: api
      description: An API.
      baseUri: https://api.naftiko.test
      resources:
        - name: items
          path: /items
          operations:
            - name: delete-item
              method: DELETE
              inputParameters:
                - {name: id, in: path}
  exposes:
    - type: mcp
      namespace: m
      port: 9000
      tools:
${tools}`;
  const passes = `        - name: by-id
          description: Passes its id.
          inputParameters:
            - {name: id, type: string, description: The item.}
          call: api.delete-item
          with:
            id: m.id
`;
  const lines = (text: string, options: { dialect?: 'official'; strict?: boolean } = {}) =>
    validateCapability({ source: text, ...options }).diagnostics.map(
      (d) => `${d.line} ${d.severity} ${d.code}: ${d.message}`,
    );

  test('an in-path parameter without placeholder: appended in compatible, an error in official and strict', () => {
    expect(lines(source(passes))).toEqual([
      '15 warning community-path-parameter-appended: `id` is an `in: path` parameter without a placeholder in `/items`, a community construct: the request goes to `DELETE /items/{{id}}`. The official form puts it in the path: a resource with `path: /items/{{id}}` for this operation',
    ]);
    expect(lines(source(passes), { strict: true })[0]).toMatch(/^15 error community-path-parameter-appended/);
    expect(lines(source(passes), { dialect: 'official' })).toEqual([
      '15 error path-parameter-not-in-path: `id` is an `in: path` parameter but `/items` has no placeholder for it, so the request would go to `DELETE /items` without it; put it in the path: a resource with `path: /items/{{id}}` for this operation',
    ]);
  });

  test('a required header the consumed operation needs: each declaring caller must give it', () => {
    const text = source(passes).replace(
      '                - {name: id, in: path}',
      '                - {name: id, in: path}\n                - {name: X-Version, in: header, required: true}',
    );
    expect(lines(text).filter((line) => line.includes(' error '))).toEqual([
      '26 error unsupplied-required-parameter: the required header parameter `X-Version` of `api.delete-item` gets no value from this caller; add `X-Version` to its `inputParameters`, or set `X-Version` in its `with` (or give the parameter a `value`)',
    ]);
  });

  test('each caller must supply every path value, not just one of them', () => {
    const forgets = `        - name: forgets
          description: Declares another argument and passes nothing.
          inputParameters:
            - {name: item, type: string, description: The item.}
          call: api.delete-item
`;
    const derived = `        - name: derived
          description: Declares nothing, so it advertises id.
          call: api.delete-item
`;
    expect(
      lines(source(passes + forgets + derived)).filter((line) => line.includes('unsupplied-path-parameter')),
    ).toEqual([
      '32 error unsupplied-path-parameter: the path value `id` of `api.delete-item` (`/items`) gets no value from this caller; add `id` to its `inputParameters`, or set `id` in its `with`',
    ]);
  });
});

describe('credential variables', () => {
  test('an undeclared one: read from the environment in compatible, an error in official', () => {
    const source = `naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: api
      description: An API.
      baseUri: https://api.naftiko.test
      authentication: {type: bearer, token: '{{API_TOKEN}}'}
      resources:
        - name: items
          path: /items
          operations:
            - {name: list-items, method: GET}
  exposes:
    - type: mcp
      namespace: m
      port: 9000
      tools:
        - name: t
          description: A tool.
          inputParameters:
            - {name: API_TOKEN, type: string, description: Never the credential.}
          call: api.list-items
`;
    const codes = (dialect: 'compatible' | 'official') =>
      validateCapability({ source, dialect }).diagnostics.map((d) => `${d.line} ${d.severity} ${d.code}`);
    expect(codes('compatible')).toEqual(['8 warning community-undeclared-variable']);
    expect(codes('official')).toEqual(['8 error undeclared-auth-variable']);
  });
});
