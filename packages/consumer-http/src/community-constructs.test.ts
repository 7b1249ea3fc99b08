import { createCapability, createEngine, type Engine, type ExposerV1, isNaftikoError } from '@naftiko/core';
import { validateCapability } from '@naftiko/spec';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createHttpConsumer } from './create-http-consumer.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

// One capability written the way community files are (every construct below is a compatible-
// dialect warning): the loader normalises it and the engine must give each its obvious meaning
// on the wire.
const CAPABILITY = `naftiko: 1.0.0-alpha2
info:
  title: Items
  description: Community constructs end to end.
binds:
  - namespace: env
    keys:
      ITEMS_URL: ITEMS_URL
      ITEMS_KEY: ITEMS_KEY
capability:
  consumes:
    - type: http
      namespace: items
      baseUri: '{{ITEMS_URL}}/v1'
      authentication:
        type: apiKey
        in: header
        name: X-Api-Key
        value: '{{ITEMS_KEY}}'
      resources:
        - name: items_list
          path: /items
          operations:
            - id: list-items
              method: GET
              inputParameters:
                - name: $filter
                  in: query
                - name: page[size]
                  in: Query
            - name: get-item
              method: GET
              path: /{{item_id}}
              inputParameters:
                - name: item_id
                  in: path
        - name: items_list
          path: /items/{{item_id}}/archive
          operations:
            - name: archive-item
              method: post
              inputParameters:
                - name: item_id
                  in: path
                - name: reason
                  in: body
              body:
                type: form
                data:
                  reason: '{{reason}}'
            - name: note-item
              method: POST
              inputParameters:
                - name: item_id
                  in: path
              body:
                type: multipart
                data:
                  note: '{{note}}'
            - name: probe-item
              method: HEAD
              inputParameters:
                - name: item_id
                  in: path
  exposes:
    - type: mcp
      port: 9100
      namespace: items-mcp
      tools:
        - name: list-items
          inputParameters:
            - name: $filter
              type: string
              required: false
            - name: page[size]
              type: number
              required: false
          call: items.list-items
          with:
            $filter: tools.$filter
          outputParameters:
            - type: array
              mapping: $.items
        - name: get-item
          description: One item.
          inputParameters:
            - name: item_id
              type: string
          call: items.get-item
        - name: archive-item
          description: Archives an item.
          inputParameters:
            - name: item_id
              type: string
              description: Item id.
            - name: reason
              type: string
              description: Why.
          call: items.archive-item
        - name: note-item
          description: Adds a note.
          inputParameters:
            - name: item_id
              type: string
              description: Item id.
            - name: note
              type: string
              description: The note.
          call: items.note-item
        - name: probe-item
          description: Checks an item exists.
          inputParameters:
            - name: item_id
              type: string
              description: Item id.
          call: items.probe-item
`;

const idleMcpExposer: ExposerV1 = {
  specificationVersion: 'v1',
  type: 'mcp',
  doCreate: () => ({ doStart: async () => [], doStop: async () => {} }),
};
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function load() {
  const { value, diagnostics } = validateCapability({ source: CAPABILITY, filename: 'items.yaml' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!value) throw new Error('the capability must validate');
  return { capability: createCapability(value), diagnostics };
}

let server: TestServer;
let engine: Engine | undefined;

beforeEach(async () => {
  server = await startTestServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      request.method === 'HEAD' ? undefined : JSON.stringify({ items: [{ id: 'a' }, { id: 'b' }] }),
    );
  });
});

afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await server.close();
});

async function start(env: Record<string, string>): Promise<Engine> {
  engine = createEngine({
    capability: load().capability,
    consumers: [createHttpConsumer()],
    exposers: [idleMcpExposer],
    env,
    logger: quiet,
  });
  await engine.start();
  return engine;
}

describe('community constructs reach the upstream with their obvious meaning', () => {
  test('each construct is one warning naming the official form', () => {
    const codes = load()
      .diagnostics.map((d) => d.code)
      .filter((code) => code.startsWith('community-'));
    expect(codes.sort()).toEqual([
      'community-argument-reference', // tools.$filter
      'community-array-mapping',
      'community-auth-in-name',
      'community-base-uri-template',
      'community-duplicate-resource-name',
      'community-enum-synonym', // apiKey, form, multipart, post, Query
      'community-enum-synonym',
      'community-enum-synonym',
      'community-enum-synonym',
      'community-enum-synonym',
      'community-head-method',
      'community-info-title',
      'community-missing-description', // the list-items tool and its two parameters, get-item's one
      'community-missing-description',
      'community-missing-description',
      'community-missing-description',
      'community-multipart-map',
      'community-operation-id',
      'community-operation-path',
      'community-resource-name',
      'community-resource-name',
      'community-wire-name',
      'community-wire-name',
      'community-wire-name',
      'community-wire-name',
    ]);
  });

  test('wire names: arguments get identifier names, the request keeps the wire names', async () => {
    const running = await start({ ITEMS_URL: server.url, ITEMS_KEY: 'k-123' });
    const result = await running.invoke('items-mcp.list-items', { filter: "name eq 'x'", page_size: 5 });
    expect(result).toMatchObject({ type: 'json', value: [{ id: 'a' }, { id: 'b' }] });
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    const url = new URL(request!.url, server.url);
    expect(url.pathname).toBe('/v1/items');
    expect(Object.fromEntries(url.searchParams)).toEqual({ $filter: "name eq 'x'", 'page[size]': '5' });
    expect(request?.headers['x-api-key']).toBe('k-123');
  });

  test('an operation-level path is below its resource path', async () => {
    const running = await start({ ITEMS_URL: server.url, ITEMS_KEY: 'k' });
    await running.invoke('items-mcp.get-item', { item_id: 'a b' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/items/a%20b']);
  });

  test('a second resource of the same name, `method: post`, a `form` body and HEAD', async () => {
    const running = await start({ ITEMS_URL: server.url, ITEMS_KEY: 'k' });
    await running.invoke('items-mcp.archive-item', { item_id: 'a', reason: 'old & done' });
    await running.invoke('items-mcp.probe-item', { item_id: 'a' });
    await running.invoke('items-mcp.note-item', { item_id: 'a', note: 'hello' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/items/a/archive',
      'HEAD /v1/items/a/archive',
      'POST /v1/items/a/archive',
    ]);
    expect(server.requests[2]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(server.requests[2]?.body.toString()).toMatch(/name="note"\r\n\r\nhello\r\n/);
    expect(server.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(server.requests[0]?.body.toString()).toBe('reason=old+%26+done');
  });

  test('a baseUri variable without a value stops start, naming it', async () => {
    const error = await start({ ITEMS_KEY: 'k' }).catch((caught: unknown) => caught);
    expect(isNaftikoError(error)).toBe(true);
    expect((error as Error).message).toMatch(/ITEMS_URL/);
  });
});

describe('a baseUri the file does not spell out', () => {
  const tiny = (baseUri: string) => `naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: tenant
      baseUri: '${baseUri}'
      resources:
        - name: ping
          path: /ping
          operations:
            - name: ping
              method: GET
`;
  async function startTiny(baseUri: string, overrides?: { baseUri: Record<string, string> }) {
    const { value } = validateCapability({ source: tiny(baseUri), filename: 'tenant.yaml' });
    if (!value) throw new Error('the capability must validate');
    engine = createEngine({
      capability: createCapability(value),
      consumers: [createHttpConsumer()],
      env: {},
      logger: quiet,
      serve: false,
      ...(overrides ? { overrides } : {}),
    });
    await engine.start();
    return engine;
  }

  test.each([
    ['', /empty baseUri.*--base-uri tenant=/],
    ['https://{subdomain}.example.test/api', /needs `subdomain`.*--base-uri tenant=/],
  ])('%j stops start with the fix', async (baseUri, message) => {
    const error = await startTiny(baseUri).catch((caught: unknown) => caught);
    expect(isNaftikoError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  test('--base-uri supplies it', async () => {
    const running = await startTiny('https://{subdomain}.example.test', { baseUri: { tenant: server.url } });
    await running.invoke('tenant.ping', {});
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /ping']);
  });
});
