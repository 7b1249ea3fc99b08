import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { classifyCall, parameterIssues } from './classify-call.mjs';
import { describeExpectation, expectedRequests } from './expected-request.mjs';
import { listCorpusFiles } from './list-corpus-files.mjs';
import { makeArguments } from './make-arguments.mjs';
import { pickSample } from './pick-sample.mjs';
import { readCapabilityPlan } from './read-capability-plan.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const fixture = (name: string) =>
  readCapabilityPlan({ text: readFileSync(here(`fixtures/community/${name}`), 'utf8') });

function expectation(text: string, tool: string, args: Record<string, unknown>) {
  const plan = readCapabilityPlan({ text });
  const expose = plan.exposes.find((e) => e.type === 'mcp')!;
  return describeExpectation(
    expectedRequests({
      plan,
      action: expose.tools.get(tool),
      args,
      exposeNamespace: expose.namespace,
      exposeAlias: 'tools',
    }),
  );
}

const OPERATION_PATH = `
capability:
  consumes:
    - namespace: wa
      resources:
        - name: root
          path: /
          operations:
            - name: templates
              method: post
              path: /{waba_id}/message_templates
              inputParameters:
                - { name: waba_id, in: path }
                - { name: version, in: path }
                - { name: kind, in: path }
  exposes:
    - type: mcp
      namespace: wa-mcp
      tools:
        - name: create
          call: wa.templates
          with: { waba_id: wa-mcp.account, kind: fixed, version: '{{tools.v}}' }
`;

describe('expected upstream URL, from the YAML alone', () => {
  it('substitutes a path placeholder as one decoded segment', () => {
    const plan = fixture('items-catalog.yaml');
    const expose = plan.exposes.find((e) => e.type === 'mcp')!;
    const expected = expectedRequests({
      plan,
      action: expose.tools.get('get-item'),
      args: { itemId: 'a b/c' },
      exposeNamespace: expose.namespace,
      exposeAlias: 'tools',
    });
    expect(expected).toEqual({
      requests: [
        { method: 'GET', namespace: 'catalog', segments: ['items', 'a b/c'], query: {}, headers: {} },
      ],
    });
    // A bind variable gets a dummy value in the child's environment.
    expect(plan.env).toEqual({ CATALOG_TOKEN: 'dummy-CATALOG_TOKEN' });
  });

  it('appends an in-path parameter with no placeholder as a trailing segment (item op on a collection)', () => {
    const plan = fixture('orders-on-collection.yaml');
    const expose = plan.exposes[0]!;
    const action = expose.tools.get('cancel-order');
    const args = { orderId: 'o-7' };
    expect(
      describeExpectation(
        expectedRequests({ plan, action, args, exposeNamespace: 'shop-mcp', exposeAlias: 'tools' }),
      ),
    ).toBe('DELETE /orders/o-7');
    expect(
      describeExpectation(
        expectedRequests({ plan, action, args: {}, exposeNamespace: 'shop-mcp', exposeAlias: 'tools' }),
      ),
    ).toBe('no request: path parameter `orderId` of shop.cancel-order has no value');
  });

  it('joins an operation-level path below the resource path; with reads the namespace, templates, literals', () => {
    expect(expectation(OPERATION_PATH, 'create', { account: 'A1', v: 'v 2' })).toBe(
      'POST /A1/message_templates/v 2/fixed',
    );
  });
});

describe('classifyCall', () => {
  const expected = { requests: [{ method: 'DELETE', namespace: 'shop', segments: ['orders', 'o 7'] }] };
  const sent = (method: string, path: string) => [{ method, path, query: '', namespace: 'shop' }];

  it('right: same method, same decoded segments', () => {
    expect(classifyCall({ expected, received: sent('DELETE', '/orders/o%207'), outcome: {} }).verdict).toBe(
      'right',
    );
  });

  it('wrong URL: the collection instead of the item, another method, or an encoded slash split', () => {
    for (const [method, path] of [
      ['DELETE', '/orders'],
      ['GET', '/orders/o%207'],
      ['DELETE', '/orders/o/7'],
    ] as const) {
      expect(classifyCall({ expected, received: sent(method, path), outcome: {} })).toMatchObject({
        verdict: 'wrong-url',
      });
    }
  });

  it('on a right URL, reports query and header parameters not sent as the YAML says', () => {
    const want = { query: { limit: '1', q: 'a b' }, headers: { 'X-Api-Version': '2024-01' } };
    expect(
      parameterIssues(want, { query: 'limit=1&q=a%20b', headers: { 'x-api-version': '2024-01' } }),
    ).toEqual([]);
    expect(parameterIssues(want, { query: 'limit=2', headers: {} })).toEqual([
      'query `limit` is "2", expected "1"',
      'query `q` missing, expected "a b"',
      'header `X-Api-Version` missing, expected "2024-01"',
    ]);
  });

  it('not reached keeps the tool error; a timeout is its own class', () => {
    expect(classifyCall({ expected, received: [], outcome: { message: 'boom' } })).toEqual({
      verdict: 'not-reached',
      detail: 'boom',
    });
    expect(classifyCall({ expected, received: [], outcome: { timeout: true } }).verdict).toBe('timeout');
  });
});

describe('inputs', () => {
  it('makes every property, one spaced string per file, enums first value, formats valid', () => {
    const state = { spaced: false };
    const schema = {
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        kind: { type: 'string', enum: ['b', 'a'] },
        when: { type: 'string', format: 'date' },
        n: { type: 'integer', minimum: 5 },
        on: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['id'],
    };
    expect(makeArguments({ schema, state })).toEqual({
      id: 'id 1',
      name: 'name-1',
      kind: 'b',
      when: '2024-01-02',
      n: 5,
      on: true,
      tags: ['tags-1'],
    });
  });

  it('lists yaml files below each folder with their group, following links, minus no-naftiko-key', () => {
    const root = mkdtempSync(join(tmpdir(), 'corpus-'));
    try {
      mkdirSync(join(root, 'group-a', 'deep'), { recursive: true });
      writeFileSync(join(root, 'group-a', 'deep', 'one.yml'), '');
      writeFileSync(join(root, 'group-a', 'secrets.yaml'), '');
      writeFileSync(join(root, 'group-a', 'notes.txt'), '');
      symlinkSync(here('fixtures/community/items-catalog.yaml'), join(root, 'linked.yaml'));
      writeFileSync(join(root, 'MANIFEST.tsv'), 'file\tkind\ngroup-a/secrets.yaml\tno-naftiko-key\n');
      const name = root.split('/').at(-1);
      expect(
        listCorpusFiles({ folders: [root] }).map((f: { rel: string; group: string }) => [f.rel, f.group]),
      ).toEqual([
        [`${name}/group-a/deep/one.yml`, 'group-a'],
        [`${name}/linked.yaml`, name],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('samples by a hash of the file name, not its alphabetical place', () => {
    const files = ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml'].map((name) => ({
      path: `/x/${name}`,
      rel: name,
      group: 'x',
    }));
    const picked = pickSample({ files, size: 2 }).map((f: { rel: string }) => f.rel);
    expect(picked).toEqual(
      pickSample({ files: [...files].reverse(), size: 2 }).map((f: { rel: string }) => f.rel),
    );
    expect(picked).not.toEqual(['a.yaml', 'b.yaml']);
  });
});

describe('pnpm corpus on the in-repo fixtures, driving the built CLI', () => {
  it('validates, starts, calls and judges each upstream request', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [here('corpus.mjs'), here('fixtures'), '--sample', '5', '--json'],
      { timeout: 60_000 },
    );
    const report = JSON.parse(stdout);
    expect(report.validation).toMatchObject({ files: 3, accepted: 2 });
    expect(report.validation.codes).toEqual([
      expect.objectContaining({ code: 'unknown-call-target', files: 1, alone: 1 }),
    ]);
    expect(report.validation.codes[0].examples[0].file).toBe('fixtures/community/unknown-call.yaml:33');
    expect(report.run).toMatchObject({ sampled: 2, started: 2, rest: { total: 1, ok: 1 } });

    const calls = Object.fromEntries(
      report.files.flatMap((f: { mcp: { calls: { tool: string }[] }[] }) =>
        f.mcp.flatMap((m) => m.calls.map((c) => [c.tool, c])),
      ),
    );
    // The one spaced value of the file reaches the upstream percent-encoded, as one segment.
    expect(calls['get-item']).toMatchObject({
      expected: 'GET /items/itemId 1',
      verdict: 'right',
      received: ['GET /items/itemId%201'],
    });
    expect(calls['list-items']).toMatchObject({ verdict: 'right', received: ['GET /items?limit=1'] });
    expect(calls['list-items'].parameters).toBeUndefined();
    // The trailing-segment convention: the verdict follows what the engine actually sent.
    const cancel = calls['cancel-order'];
    expect(cancel.expected).toBe('DELETE /orders/orderId 1');
    expect(cancel.received).toHaveLength(1);
    expect(cancel.verdict).toBe(cancel.received[0] === 'DELETE /orders/orderId%201' ? 'right' : 'wrong-url');
    expect(report.unattributed).toBe(0);
  });
});

describe('ikanos plans: imports and file binds', () => {
  it('reads imported entries (renamed by `as`) and the bearer token a client must send', () => {
    const files: Record<string, string> = {
      './shared/consumes.yaml': `ikanos: 1.0.0-beta5
consumes:
  - namespace: registry
    type: http
    baseUri: https://registry.test
    resources:
      ship:
        path: /ships/{{imo}}
        operations:
          get-ship: { method: GET, inputParameters: { imo: { in: path } } }
`,
      './shared/secrets.yaml': 'mcp-token: sk-secret\n',
    };
    const plan = readCapabilityPlan({
      text: `ikanos: 1.0.0-beta5
binds:
  - namespace: env
    location: file:///./shared/secrets.yaml
    keys: { MCP_TOKEN: mcp-token }
capability:
  consumes:
    - { import: registry, from: ./shared/consumes.yaml, as: ships }
  exposes:
    - type: mcp
      namespace: tools
      authentication: { type: bearer, token: '{{MCP_TOKEN}}' }
      tools:
        get-ship: { description: One ship., call: ships.get-ship }
`,
      readFile: (path: string) => files[path],
    });
    expect(plan.consumes.map((entry: { namespace: string }) => entry.namespace)).toEqual(['ships']);
    expect(plan.consumes[0]?.operations.get('get-ship')).toMatchObject({
      method: 'GET',
      path: '/ships/{{imo}}',
    });
    expect(plan.exposes[0]?.headers).toEqual({ authorization: 'Bearer sk-secret' });
  });
});
