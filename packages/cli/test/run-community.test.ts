// `naftiko run` on constructs of real community capability files: what reaches a real local
// upstream (method, path, headers, body) and what tools advertise, through the built CLI.
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RecordingUpstream, startRecordingUpstream } from './recording-upstream.js';
import { assertBuilt, killAll, packageDir, runToExit, startCli, waitForListening } from './run-support.js';

const SLOW = { timeout: 60_000 };
const fixture = (name: string) => join(packageDir, 'test/fixtures', name);

let upstream: RecordingUpstream;
const clients: Client[] = [];

beforeAll(() => assertBuilt());
beforeEach(async () => {
  upstream = await startRecordingUpstream();
});
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
  await killAll();
  await upstream.close();
});

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  clients.push(client);
  return client;
}

const text = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;

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
