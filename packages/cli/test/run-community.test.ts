// `naftiko run` on constructs of real community capability files: what reaches a real local
// upstream (method, path, headers, body) and what tools advertise, through the built CLI.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { naftiko } from '../src/testing/cli-process.js';
import { createMcpClients, toolText } from '../src/testing/mcp-clients.js';
import { type RecordingUpstream, startRecordingUpstream } from '../src/testing/recording-upstream.js';
import {
  assertBuilt,
  killAll,
  packageDir,
  runToExit,
  startCli,
  waitForListening,
} from '../src/testing/run-support.js';

const SLOW = { timeout: 60_000 };
const fixture = (name: string) => join(packageDir, 'test/fixtures', name);

let upstream: RecordingUpstream;
const mcp = createMcpClients();
const connect = mcp.connect;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  upstream = await startRecordingUpstream();
});
afterEach(async () => {
  await mcp.closeAll();
  await killAll();
  await upstream.close();
});

const text = toolText;

describe('community paths', SLOW, () => {
  it('appends in-path parameters the path lacks; a tool without inputParameters advertises its call', async () => {
    const cli = startCli([
      fixture('community-paths.yaml'),
      '--base-uri',
      `catalog=${upstream.url}`,
      '--port',
      'catalog-mcp=0',
    ]);
    const [url] = await waitForListening(cli);
    const client = await connect(url as string);

    const deleted = await client.callTool({
      name: 'delete-product',
      arguments: { id: 'a b/c', version: '2' },
    });
    expect(deleted.isError).toBeFalsy();
    expect(upstream.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'DELETE /provisioned-products/a%20b%2Fc/2',
    ]);

    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === 'encrypt')?.inputSchema).toMatchObject({
      properties: { body: { type: 'object' }, mode: { type: 'string' }, KeyId: { type: 'string' } },
      required: ['body', 'KeyId'],
    });
    const encrypted = await client.callTool({
      name: 'encrypt',
      arguments: { KeyId: 'k1', mode: 'fast', body: { plaintext: 'x' } },
    });
    expect(text(encrypted)).toContain('"ok": true');
    expect(upstream.requests[1]).toMatchObject({
      method: 'POST',
      url: '/keys/k1?mode=fast',
      body: '{"plaintext":"x"}',
    });
  });
});

describe('credentials read bound variables only', SLOW, () => {
  const file = fixture('undeclared-auth-variable.yaml');

  it('an undeclared variable is read from the environment; an argument of its name never is', async () => {
    const cli = startCli([file, '--base-uri', `notes=${upstream.url}`, '--port', 'notes-mcp=0'], {
      NOTES_TOKEN: 'from-the-environment',
    });
    const [url] = await waitForListening(cli);
    const client = await connect(url as string);
    const result = await client.callTool({
      name: 'list-notes',
      arguments: { q: 'x', NOTES_TOKEN: 'from-the-caller' },
    });
    expect(result.isError).toBeFalsy();
    expect(upstream.requests.map(({ url, headers }) => [url, headers.authorization])).toEqual([
      ['/notes?q=x', 'Bearer from-the-environment'],
    ]);
  });

  it('a variable without a value stops the start, naming it and how to set it', async () => {
    const result = await runToExit([file, '--port', 'notes-mcp=0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('NOTES_TOKEN is not set');
    expect(result.stderr).toContain('export NOTES_TOKEN=...');
  });
});

describe('one plan of REST parameters', SLOW, () => {
  const file = fixture('rest-parameter-plan.yaml');

  it('GET takes derived and body-declared arguments from the query; OpenAPI and SKILL.md list exactly those', async () => {
    const cli = startCli([
      file,
      '--base-uri',
      `weather=${upstream.url}`,
      '--port',
      'weather-api=0',
      '--port',
      'weather-skills=0',
    ]);
    const [api] = await waitForListening(cli, 2);
    const base = api as string;

    expect((await fetch(`${base}/v1/locations?query=Paris&language=fr`)).status).toBe(200);
    expect((await fetch(`${base}/v1/search?term=Lyon`)).status).toBe(200);
    expect((await fetch(`${base}/v1/search`)).status).toBe(400);
    const posted = await fetch(`${base}/v1/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ level: 'red' }),
    });
    expect(posted.status).toBe(200);
    const missing = await fetch(`${base}/v1/locations`);
    expect(missing.status).toBe(400);
    expect(upstream.requests.map(({ method, url, body }) => `${method} ${url} ${body}`)).toEqual([
      'GET /locations/autocomplete?q=Paris&language=fr ',
      'GET /locations/autocomplete?q=Lyon ',
      'POST /alerts {"level":"red"}',
    ]);

    type Operation = {
      parameters?: { name: string; in: string; required: boolean }[];
      requestBody?: { content: { 'application/json': { schema: { type: string } } } };
    };
    const served = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const listed = (operation: Operation | undefined) =>
      (operation?.parameters ?? []).map(({ name, in: where, required }) => `${where} ${name} ${required}`);
    expect(listed(served.paths['/v1/locations']?.get)).toEqual(['query query true', 'query language false']);
    // `term` feeds the consumed `q`, which is required: a search without it cannot be sent.
    expect(listed(served.paths['/v1/search']?.get)).toEqual(['query term true']);
    expect(served.paths['/v1/search']?.get?.requestBody).toBeUndefined();
    expect(served.paths['/v1/alerts']?.post?.requestBody?.content['application/json'].schema.type).toBe(
      'object',
    );

    const exported = await naftiko([
      'export',
      'openapi',
      file,
      '--namespace',
      'weather-api',
      '--format',
      'json',
    ]);
    expect(exported.code).toBe(0);
    const document = JSON.parse(exported.stdout) as typeof served;
    expect(document.paths).toEqual(served.paths);

    const out = await mkdtemp(join(tmpdir(), 'naftiko-plan-'));
    try {
      expect((await naftiko(['skill', 'export', file, '-o', out])).code).toBe(0);
      const skill = await readFile(join(out, 'weather', 'SKILL.md'), 'utf8');
      expect(skill).toContain('`query` (string, required, in query)');
      expect(skill).toContain('`language` (string, optional, in query)');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('Google-style custom methods', SLOW, () => {
  it('`/models/{model}:classify` and `:predict` are two routes, each with its model', async () => {
    const cli = startCli([
      fixture('rest-custom-methods.yaml'),
      '--base-uri',
      `up=${upstream.url}`,
      '--port',
      'api=0',
    ]);
    const [base] = await waitForListening(cli);
    for (const verb of ['classify', 'predict']) {
      const response = await fetch(`${base}/models/m%201:${verb}`, { method: 'POST' });
      expect(response.status).toBe(200);
    }
    expect(upstream.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET /models?model=m%201&verb=classify',
      'GET /models?model=m%201&verb=predict',
    ]);
  });
});
