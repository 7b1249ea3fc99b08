import { describe, expect, test } from 'vitest';
import { validateCapability } from '../validate-capability.js';
import { argumentName } from './argument-name.js';
import { normalizeCommunity } from './normalize-community.js';

const SOURCE = `naftiko: 1.0.0-alpha2
info:
  label: Moves
  description: Operations with their own path.
capability:
  consumes:
    - type: http
      namespace: api
      description: An API.
      baseUri: https://api.naftiko.test
      resources:
        - name: teams
          path: /teams
          operations:
            - name: get-team
              method: GET
              path: /teams/{{team_id}}
              inputParameters:
                - name: team_id
                  in: path
            - name: list-teams
              method: GET
            - name: list-teams
              method: POST
`;

describe('normalizeCommunity', () => {
  test('an operation with its own path becomes a resource; findings still point where it was written', () => {
    const { diagnostics } = validateCapability({ source: SOURCE, filename: 'moves.yaml' });
    const duplicate = diagnostics.find((d) => d.code === 'duplicate-operation-name');
    // The second `list-teams` is operations[2] as written (operations[1] once get-team moved out).
    expect(duplicate).toMatchObject({
      line: 23,
      pointer: '/capability/consumes/0/resources/0/operations/2/name',
    });
    expect(diagnostics.find((d) => d.code === 'community-operation-path')).toMatchObject({ line: 17 });
  });

  test('the normalised document is the official model and the input is left alone', () => {
    const { value } = validateCapability({
      source: SOURCE.replace(/- name: list-teams\n {14}method: POST\n/, ''),
      filename: 'moves.yaml',
    });
    const consumes = value?.document.capability?.consumes?.[0];
    expect(consumes && 'resources' in consumes ? consumes.resources : undefined).toEqual([
      { name: 'teams', path: '/teams', operations: [{ name: 'list-teams', method: 'GET' }] },
      {
        name: 'teams-get-team',
        path: '/teams/{{team_id}}',
        operations: [{ name: 'get-team', method: 'GET', inputParameters: [{ name: 'team_id', in: 'path' }] }],
      },
    ]);
    const input = { info: { title: 'T', description: 'd' } };
    expect(normalizeCommunity(input).document.info).toEqual({ label: 'T', description: 'd' });
    expect(input.info).toEqual({ title: 'T', description: 'd' });
  });

  test('a REST operation with its own path is served by a resource of its own, never forwarded', () => {
    const { document } = normalizeCommunity({
      naftiko: '1.0.0-alpha2',
      capability: {
        exposes: [
          {
            type: 'rest',
            namespace: 'api-rest',
            resources: [
              {
                name: 'teams',
                path: '/teams',
                forward: { targetNamespace: 'api' },
                operations: [{ name: 'get-team', method: 'GET', path: '/{{team_id}}', call: 'api.get-team' }],
              },
            ],
          },
        ],
      },
    });
    const expose = (document.capability as { exposes: { resources: unknown[] }[] }).exposes[0];
    expect(expose?.resources).toEqual([
      { name: 'teams', path: '/teams', forward: { targetNamespace: 'api' }, operations: [] },
      {
        name: 'teams-get-team',
        path: '/teams/{{team_id}}',
        operations: [{ name: 'get-team', method: 'GET', call: 'api.get-team' }],
      },
    ]);
  });

  test('the official dialect normalises nothing: the construct is a schema error there', () => {
    const { diagnostics } = validateCapability({
      source: SOURCE,
      filename: 'moves.yaml',
      dialect: 'official',
    });
    expect(diagnostics.filter((d) => d.code.startsWith('community-'))).toEqual([]);
    expect(diagnostics.some((d) => d.code === 'schema-unknown-property' && d.line === 17)).toBe(true);
  });
});

test('argumentName: the identifier an MCP client can pass for a wire name', () => {
  expect(
    ['$filter', 'filter[name]', 'tweet.fields', 'data[]', 'issue~neq', 'order_id', '$'].map(argumentName),
  ).toEqual(['filter', 'filter_name', 'tweet_fields', 'data', 'issue_neq', 'order_id', 'argument']);
});

test('a wire-named argument reference of a tool without input parameters gets the identifier name', () => {
  const document = {
    capability: {
      exposes: [
        {
          type: 'mcp',
          namespace: 'mcp',
          tools: [
            {
              name: 'list',
              description: 'd',
              call: 'api.list',
              with: { $skip: 'tools.$skip', 'page[size]': 'mcp.page[size]' },
            },
          ],
        },
      ],
    },
  };
  const { document: normalized, findings } = normalizeCommunity(document);
  const tool = (normalized as typeof document).capability.exposes[0]!.tools[0]!;
  expect(tool.with).toEqual({ $skip: 'tools.skip', 'page[size]': 'mcp.page_size' });
  expect(findings.map((finding) => [finding.code, finding.pointer])).toEqual([
    ['community-wire-name', '/capability/exposes/0/tools/0/with/$skip'],
    ['community-wire-name', '/capability/exposes/0/tools/0/with/page[size]'],
  ]);
});
