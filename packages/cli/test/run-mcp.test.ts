// `naftiko run` end to end: the built CLI on the seed capability, driven by the official MCP SDK
// client over Streamable HTTP and over stdio, against the sandbox upstream.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createSandbox, DEFAULT_SANDBOX_API_KEY, type Sandbox } from '@naftiko/sandbox';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMcpClients, toolText } from '../src/testing/mcp-clients.js';
import {
  assertBuilt,
  bin,
  killAll,
  repoRoot,
  SEED,
  SEED_MCP,
  startCli,
  until,
  waitForListening,
} from '../src/testing/run-support.js';

const SLOW = { timeout: 60_000 };
const KEY = { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY };

let sandbox: Sandbox;
const mcp = createMcpClients();
const connect = mcp.connect;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  sandbox = await createSandbox();
});
afterEach(async () => {
  await mcp.closeAll();
  await killAll();
  await sandbox.close();
});

const text = toolText;

describe('naftiko run over Streamable HTTP', SLOW, () => {
  it('prints one listener line and serves the five seed tools with their schemas and annotations', async () => {
    const cli = startCli(
      [SEED, '--base-uri', `managed-agents-sessions=${sandbox.url}`, '--port', `${SEED_MCP}=0`],
      KEY,
    );
    const [url] = await waitForListening(cli);
    expect(cli.stdout()).toMatch(
      /^mcp managed-agents-sessions-mcp listening on http:\/\/127\.0\.0\.1:\d+\/mcp\n$/,
    );
    expect(url).not.toContain(':9090/');
    const client = await connect(url as string);
    const { tools } = await client.listTools();
    expect(
      tools.map(({ name, annotations, inputSchema }) => ({
        name,
        annotations,
        properties: Object.fromEntries(
          Object.entries(inputSchema.properties ?? {}).map(([key, value]) => [
            key,
            (value as { type: string }).type,
          ]),
        ),
        required: inputSchema.required,
      })),
    ).toMatchInlineSnapshot(`
      [
        {
          "annotations": {
            "destructiveHint": false,
            "idempotentHint": false,
            "readOnlyHint": false,
          },
          "name": "anthropic-create-session",
          "properties": {
            "body": "object",
          },
          "required": [
            "body",
          ],
        },
        {
          "annotations": {
            "destructiveHint": false,
            "idempotentHint": true,
            "readOnlyHint": true,
          },
          "name": "anthropic-list-sessions",
          "properties": {
            "agent_id": "string",
            "status": "string",
          },
          "required": undefined,
        },
        {
          "annotations": {
            "destructiveHint": false,
            "idempotentHint": true,
            "readOnlyHint": true,
          },
          "name": "anthropic-get-session",
          "properties": {
            "session_id": "string",
          },
          "required": [
            "session_id",
          ],
        },
        {
          "annotations": {
            "destructiveHint": false,
            "idempotentHint": false,
            "readOnlyHint": false,
          },
          "name": "anthropic-send-session-events",
          "properties": {
            "body": "object",
            "session_id": "string",
          },
          "required": [
            "session_id",
            "body",
          ],
        },
        {
          "annotations": {
            "destructiveHint": true,
            "idempotentHint": true,
            "readOnlyHint": false,
          },
          "name": "anthropic-delete-session",
          "properties": {
            "session_id": "string",
          },
          "required": [
            "session_id",
          ],
        },
      ]
    `);
  });

  it('runs every tool; the sandbox sees exactly the expected requests', async () => {
    const cli = startCli(
      [SEED, '--base-uri', `managed-agents-sessions=${sandbox.url}`, '--port', `${SEED_MCP}=0`],
      KEY,
    );
    const client = await connect((await waitForListening(cli))[0] as string);

    const created = (await client.callTool({
      name: 'anthropic-create-session',
      arguments: { body: { agent: 'agent_011e2e', environment_id: 'env_011e2e', title: 'e2e' } },
    })) as CallToolResult;
    const id = (created.structuredContent as { id: string }).id;
    expect(id).toMatch(/^sesn_/);
    await client.callTool({ name: 'anthropic-get-session', arguments: { session_id: id } });
    await client.callTool({
      name: 'anthropic-list-sessions',
      arguments: { agent_id: 'agent_011e2e', status: 'idle' },
    });
    const deleted = (await client.callTool({
      name: 'anthropic-delete-session',
      arguments: { session_id: id },
    })) as CallToolResult;
    expect(deleted.structuredContent).toEqual({ id, type: 'session_deleted' });
    // A session with a turn in progress cannot be deleted, so the events go to a second one.
    const other = (await client.callTool({
      name: 'anthropic-create-session',
      arguments: { body: { agent: 'agent_011e2e', environment_id: 'env_011e2e' } },
    })) as CallToolResult;
    const otherId = (other.structuredContent as { id: string }).id;
    const sent = (await client.callTool({
      name: 'anthropic-send-session-events',
      arguments: {
        session_id: otherId,
        body: { events: [{ type: 'user.message', content: [{ type: 'text', text: 'hello' }] }] },
      },
    })) as CallToolResult;
    expect(sent.isError).toBeFalsy();

    const seen = sandbox.requests.map(({ method, path, query, json, headers }) => ({
      method,
      path: path.replace(id, '{id}').replace(otherId, '{other}'),
      query,
      json,
      auth: headers['x-api-key'],
      version: headers['anthropic-version'],
      beta: headers['anthropic-beta'],
    }));
    const common = {
      auth: DEFAULT_SANDBOX_API_KEY,
      version: '2023-06-01',
      beta: 'managed-agents-2026-04-01',
    };
    expect(seen).toEqual([
      {
        method: 'POST',
        path: '/v1/sessions',
        query: {},
        json: { agent: 'agent_011e2e', environment_id: 'env_011e2e', title: 'e2e' },
        ...common,
      },
      { method: 'GET', path: '/v1/sessions/{id}', query: {}, json: undefined, ...common },
      {
        method: 'GET',
        path: '/v1/sessions',
        query: { agent_id: ['agent_011e2e'], status: ['idle'] },
        json: undefined,
        ...common,
      },
      { method: 'DELETE', path: '/v1/sessions/{id}', query: {}, json: undefined, ...common },
      {
        method: 'POST',
        path: '/v1/sessions',
        query: {},
        json: { agent: 'agent_011e2e', environment_id: 'env_011e2e' },
        ...common,
      },
      {
        method: 'POST',
        path: '/v1/sessions/{other}/events',
        query: {},
        json: { events: [{ type: 'user.message', content: [{ type: 'text', text: 'hello' }] }] },
        ...common,
      },
    ]);
  });

  it('reports an upstream 404, refuses invalid arguments and names an unreachable upstream', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const cli = startCli(
      [SEED, '--base-uri', `managed-agents-sessions=${sandbox.url}`, '--port', `${SEED_MCP}=0`],
      KEY,
    );
    const client = await connect((await waitForListening(cli))[0] as string);
    const missing = (await client.callTool({
      name: 'anthropic-get-session',
      arguments: { session_id: 'sesn_nope' },
    })) as CallToolResult;
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/^Upstream error: HTTP 404 not_found_error: /);

    sandbox.clearRequests();
    const invalid = (await client.callTool({
      name: 'anthropic-create-session',
      arguments: { body: [] },
    })) as CallToolResult;
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toContain('"body" must be an object');
    expect(sandbox.requests).toHaveLength(0);

    const down = startCli(
      [SEED, '--base-uri', `managed-agents-sessions=http://127.0.0.1:${deadPort}`, '--port', `${SEED_MCP}=0`],
      KEY,
    );
    const downClient = await connect((await waitForListening(down))[0] as string);
    const unreachable = (await downClient.callTool({
      name: 'anthropic-get-session',
      arguments: { session_id: 'x' },
    })) as CallToolResult;
    expect(unreachable.isError).toBe(true);
    expect(text(unreachable)).toBe(
      `Upstream unavailable: managed-agents-sessions.getsession: cannot reach http://127.0.0.1:${deadPort} (connection refused)`,
    );
    expect(cli.stderr() + down.stderr()).not.toContain(DEFAULT_SANDBOX_API_KEY);
  });

  it('logs one JSON line per call on stderr when stderr is not a terminal', async () => {
    const cli = startCli(
      [SEED, '--base-uri', `managed-agents-sessions=${sandbox.url}`, '--port', `${SEED_MCP}=0`],
      KEY,
    );
    const client = await connect((await waitForListening(cli))[0] as string);
    await client.callTool({ name: 'anthropic-get-session', arguments: { session_id: 'sesn_nope' } });
    await until(() => cli.stderr().includes('"msg":"mcp tools/call"'), 'the call log line');
    const line = JSON.parse(
      cli
        .stderr()
        .split('\n')
        .find((l) => l.includes('"msg":"mcp tools/call"')) as string,
    );
    expect(line).toMatchObject({
      level: 'info',
      msg: 'mcp tools/call',
      expose: SEED_MCP,
      tool: 'anthropic-get-session',
      outcome: 'upstream-error',
      status: 404,
      durationMs: expect.any(Number),
    });
  });

  it('lets an in-flight call finish on SIGTERM, then exits 0', async () => {
    let upstream: Server | undefined;
    let received = 0;
    upstream = createServer((request, response) => {
      received += 1;
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 'sesn_slow', type: 'session' }));
      }, 700);
      request.resume();
    });
    await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
    try {
      const slowUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
      const cli = startCli(
        [SEED, '--base-uri', `managed-agents-sessions=${slowUrl}`, '--port', `${SEED_MCP}=0`],
        KEY,
      );
      const client = await connect((await waitForListening(cli))[0] as string);
      const call = client.callTool({ name: 'anthropic-get-session', arguments: { session_id: 'sesn_slow' } });
      await until(() => received === 1, 'the upstream call');
      cli.child.kill('SIGTERM');
      const result = (await call) as CallToolResult;
      expect(result.structuredContent).toEqual({ id: 'sesn_slow', type: 'session' });
      expect(await cli.exited).toBe(0);
      expect(cli.stderr()).toContain('"msg":"stopping","reason":"SIGTERM"');
      expect(cli.stderr()).toContain('"msg":"stopped"');
    } finally {
      await new Promise((resolve) => upstream?.close(resolve));
      upstream = undefined;
    }
  });

  it('--sandbox works offline without a key', async () => {
    const cli = startCli([SEED, '--sandbox', '--port', `${SEED_MCP}=0`]);
    const client = await connect((await waitForListening(cli))[0] as string);
    const created = (await client.callTool({
      name: 'anthropic-create-session',
      arguments: { body: { agent: 'agent_1', environment_id: 'env_1' } },
    })) as CallToolResult;
    expect(created.isError).toBeFalsy();
    const id = (created.structuredContent as { id: string }).id;
    const got = (await client.callTool({
      name: 'anthropic-get-session',
      arguments: { session_id: id },
    })) as CallToolResult;
    expect(got.structuredContent).toMatchObject({ id, status: 'idle' });
    expect(cli.stderr()).toContain('"msg":"sandbox upstream started"');
    expect(await cli.stop('SIGINT')).toBe(0);
  });

  it('--stateless serves without session ids', async () => {
    const cli = startCli([SEED, '--sandbox', '--stateless', '--port', `${SEED_MCP}=0`]);
    const url = (await waitForListening(cli))[0] as string;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect(await response.text()).toContain('anthropic-get-session');
    const client = await connect(url);
    expect((await client.listTools()).tools).toHaveLength(5);
  });
});

describe('naftiko run --stdio', SLOW, () => {
  it('speaks MCP on stdin/stdout, logs on stderr, and exits 0 when the host closes stdin', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'run', SEED, '--stdio', '--base-uri', `managed-agents-sessions=${sandbox.url}`],
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...KEY },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const errors: Error[] = [];
    transport.onerror = (error) => errors.push(error);
    const client = new Client({ name: 'desktop-host', version: '1.0.0' });
    await client.connect(transport);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toHaveLength(5);
    const created = (await client.callTool({
      name: 'anthropic-create-session',
      arguments: { body: { agent: 'agent_stdio', environment_id: 'env_stdio' } },
    })) as CallToolResult;
    expect(created.isError).toBeFalsy();
    expect(sandbox.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/sessions' });
    const pid = transport.pid as number;
    await client.close();
    await until(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 'the stdio server to exit');
    // Anything on stdout that is not JSON-RPC would have surfaced as a transport error.
    expect(errors).toEqual([]);
    expect(stderr).toContain(`mcp ${SEED_MCP} serving on stdio`);
    expect(stderr).toContain('"reason":"stdin closed"');
  });
});
