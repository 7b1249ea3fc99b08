import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { validateCapability } from '../validate-capability.js';
import { IKANOS_VERSION_NAMES } from './ikanos-versions.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/ikanos/', import.meta.url));
const fixture = (name: string) => `${FIXTURES}${name}`;
const summary = (diagnostics: ReturnType<typeof validateCapability>['diagnostics']) =>
  diagnostics.map(({ line, column, severity, code }) => `${line}:${column} ${severity} ${code}`);

/** The line (1-based) of the first line of `source` that contains `text`. */
function lineOf(source: string, text: string): number {
  return source.split('\n').findIndex((line) => line.includes(text)) + 1;
}

describe('ikanos fixtures', () => {
  test.each([
    'consumes-mcp.yaml',
    'aggregates-rest-skill.yaml',
    'imports.yaml',
    'shared/consumes.yaml',
    'shared/exposes.yaml',
    'shared/aggregates.yaml',
    'shared/binds.yaml',
  ])('%s is valid, with no finding, read as ikanos 1.0.0-beta5', (name) => {
    const result = validateCapability({ path: fixture(name), strict: true });
    expect(result.diagnostics).toEqual([]);
    expect(result.value?.version).toEqual({ format: 'ikanos', version: '1.0.0-beta5' });
    // From here on it is the official alpha2 model.
    expect(result.value?.dialect).toBe('official');
    expect(result.value?.document).not.toHaveProperty('ikanos');
    expect(result.value?.document.naftiko).toBe('1.0.0-alpha2');
  });

  test('maps keyed by name become lists of named items, renamed keys get their alpha2 names', () => {
    const document = validateCapability({ path: fixture('consumes-mcp.yaml') }).value?.document;
    expect(document?.info).toMatchObject({ label: 'Harbour', version: '2.1.0' });
    const consumes = document?.capability?.consumes?.[0];
    expect(consumes && 'resources' in consumes ? consumes.resources : undefined).toEqual([
      {
        name: 'ships',
        label: 'Ships',
        tags: ['fleet'],
        path: '/ships',
        operations: [
          { name: 'list-ships', method: 'GET', inputParameters: [{ name: 'status', in: 'query' }] },
        ],
      },
      {
        name: 'ship',
        path: '/ships/{{imo}}',
        operations: [
          {
            name: 'get-ship',
            method: 'GET',
            inputParameters: [{ name: 'imo', in: 'path' }],
            outputParameters: [{ name: 'ship-name', type: 'string', value: '$.name' }],
          },
        ],
      },
      { name: 'berths', path: '/berths', operations: [{ name: 'list-berths', method: 'GET' }] },
    ]);
    const mcp = document?.capability?.exposes?.[0];
    expect(mcp).toMatchObject({ type: 'mcp', ttlMs: 60000, cacheScope: 'private' });
    const tools = mcp && 'tools' in mcp ? (mcp.tools ?? []) : [];
    expect(tools.map((tool) => tool.name)).toEqual(['list-ships', 'ship-with-berths', 'harbour-master']);
    expect(tools[0]).toMatchObject({ label: 'List ships', tags: ['fleet'] });
    // A call's mapped outputs stay a list; steps, orchestrated and mock outputs are keyed.
    expect(tools[0]?.outputParameters).toEqual([expect.objectContaining({ type: 'array', mapping: '$.' })]);
    expect(tools[1]).toMatchObject({
      steps: [
        { name: 'ship', type: 'call' },
        { name: 'berths', type: 'call' },
      ],
      mappings: [
        { targetName: 'name', value: '$.ship.name' },
        { targetName: 'berths', value: '$.berths' },
      ],
      outputParameters: [
        { name: 'name', type: 'string' },
        { name: 'berths', type: 'array', items: [{ name: 'id', type: 'string' }] },
      ],
    });
    expect(tools[2]?.outputParameters).toEqual([{ name: 'master', type: 'string', value: 'Ada' }]);
    expect(mcp && 'prompts' in mcp ? mcp.prompts : undefined).toMatchObject([
      { name: 'inspect-ship', label: 'Inspect a ship', arguments: [{ name: 'imo', label: 'IMO' }] },
    ]);
  });

  test('aggregate flows are functions; imports of every section resolve, renamed by `as`', () => {
    const crew = validateCapability({ path: fixture('aggregates-rest-skill.yaml') }).value?.document;
    expect(crew?.capability?.aggregates).toMatchObject([
      { label: 'Crew resolver', functions: [{ name: 'find-member', tags: ['crew'] }] },
    ]);
    const imported = validateCapability({ path: fixture('imports.yaml') }).value?.document;
    expect(imported?.binds?.map((bind) => bind.namespace)).toEqual(['crew-env']);
    expect(
      imported?.capability?.consumes?.map((entry) => ('namespace' in entry ? entry.namespace : undefined)),
    ).toEqual(['crew-api']);
    expect(imported?.capability?.aggregates?.[0]?.functions[0]?.call).toBe('crew-api.get-member');
    expect(imported?.capability?.exposes).toMatchObject([{ type: 'mcp', namespace: 'crew-mcp' }]);
  });
});

describe('diagnostics point into the file as written', () => {
  const source = readFileSync(fixture('consumes-mcp.yaml'), 'utf8');

  test('a finding about a keyed item is at its key; about a field, at the field', () => {
    const broken = source.replace(
      'call: harbour.list-ships\n          with:',
      'call: harbour.list-shipz\n          with:',
    );
    const result = validateCapability({ source: broken, filename: 'harbour.yaml' });
    const unknown = result.diagnostics.find((diagnostic) => diagnostic.code === 'unknown-call-target');
    expect(unknown).toMatchObject({ line: lineOf(broken, 'call: harbour.list-shipz'), column: 17 });
    expect(unknown?.message).toContain('list-ships');
    expect(result.value).toBeUndefined();
  });

  test('a rule about the item itself is placed at the map key, not at a synthesized list item', () => {
    const crew = readFileSync(fixture('aggregates-rest-skill.yaml'), 'utf8');
    const undescribed = crew.replace(
      '        member:\n          description: One crew member.\n',
      '        member:\n',
    );
    const found = validateCapability({ source: undescribed, filename: 'crew.yaml' }).diagnostics;
    expect(found).toEqual([
      expect.objectContaining({
        code: 'rest-resource-description-missing',
        line: lineOf(undescribed, '        member:'),
        column: 9,
        pointer: '/capability/exposes/0/resources/member',
      }),
    ]);
    const missing = source.replace(
      '        harbour-master:\n          description: Who runs the harbour (a fixed answer).\n',
      '        harbour-master:\n',
    );
    expect(summary(validateCapability({ source: missing }).diagnostics)).toEqual([
      `${lineOf(missing, 'harbour-master:')}:9 error schema-missing-property`,
    ]);
  });
});

describe('every ikanos version, one schema each', () => {
  const minimal = (version: string, extra = '') => `ikanos: "${version}"
capability:
  consumes:
    - type: http
      namespace: shop
      description: Shop API.
      baseUri: https://shop.naftiko.test
      resources:
        items:
          path: /items
          operations:
            list-items:
              method: GET
${extra}  exposes:
    - type: mcp
      namespace: shop-mcp
      port: 3001
      description: Shop tools.
      tools:
        list-items:
          description: List the items.
          call: shop.list-items
`;

  test.each(IKANOS_VERSION_NAMES)('%s is read into the model', (version) => {
    const result = validateCapability({ source: minimal(version), strict: true });
    expect(result.diagnostics).toEqual([]);
    expect(result.value?.version).toEqual({ format: 'ikanos', version });
  });

  test('an ikanos file that also says `naftiko:` declares two formats', () => {
    const result = validateCapability({ source: `naftiko: 1.0.0-alpha2\n${minimal('1.0.0-beta5')}` });
    expect(summary(result.diagnostics)).toEqual(['1:10 error schema-unknown-property']);
    expect(result.diagnostics[0]?.message).toContain('unknown key `naftiko`');
  });

  test('MCP `ttlMs` arrived in beta4: beta3 refuses it at its line, beta4 reads it', () => {
    const withTtl = (version: string) =>
      minimal(version).replace('      port: 3001\n', '      port: 3001\n      ttlMs: 1000\n');
    const beta3 = validateCapability({ source: withTtl('1.0.0-beta3') });
    expect(summary(beta3.diagnostics)).toEqual([
      `${lineOf(withTtl('1.0.0-beta3'), 'ttlMs')}:14 error schema-unknown-property`,
    ]);
    expect(
      validateCapability({ source: withTtl('1.0.0-beta4') }).value?.document.capability?.exposes?.[0],
    ).toMatchObject({
      ttlMs: 1000,
    });
  });

  test('binary content arrived in beta1; naftiko refuses it at its place, saying why', () => {
    const binary = (version: string) =>
      minimal(version).replace(
        '              method: GET\n',
        '              method: GET\n              outputRawFormat: binary\n',
      );
    expect(summary(validateCapability({ source: binary('1.0.0-alpha4') }).diagnostics)).toContain(
      `${lineOf(binary('1.0.0-alpha4'), 'outputRawFormat')}:32 error schema-enum`,
    );
    const beta1 = validateCapability({ source: binary('1.0.0-beta1') }).diagnostics;
    expect(summary(beta1)).toEqual([
      `${lineOf(binary('1.0.0-beta1'), 'outputRawFormat')}:32 error unsupported-construct`,
    ]);
    expect(beta1[0]?.message).toContain('is not supported, because naftiko does not serve binary content');
  });

  test('a Groovy script step is refused at its `language`, saying why', () => {
    const groovy = minimal('1.0.0-beta5').replace(
      '          call: shop.list-items\n',
      '          steps:\n            price:\n              type: script\n              language: groovy\n              location: file:///./scripts\n              file: price.groovy\n',
    );
    const result = validateCapability({ source: groovy });
    expect(summary(result.diagnostics)).toEqual([
      `${lineOf(groovy, 'language: groovy')}:25 error unsupported-construct`,
    ]);
    expect(result.diagnostics[0]?.message).toContain('is not supported, because Groovy runs on a JVM');
  });
});
