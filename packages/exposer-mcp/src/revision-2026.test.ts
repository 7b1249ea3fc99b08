import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Client as ModernClient, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadCapability } from '@naftiko/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_HEADERS, parseMessages, rawRequest } from './testing/raw-request.js';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const CAPABILITY = (transport: 'http' | 'stdio') => `naftiko: 1.0.0-alpha2
info:
  label: Greeter
  description: A test capability.
capability:
  exposes:
  - type: mcp
    namespace: greeter-mcp
    transport: ${transport}
${transport === 'http' ? '    port: 9999\n' : ''}    tools:
    - name: greet
      description: Greets someone by name.
      inputParameters:
      - name: name
        type: string
        description: Who to greet
      outputParameters:
      - name: greeting
        type: string
        value: 'Hello {{tools.name}}'
    - name: wave
      description: Waves.
      outputParameters:
      - name: wave
        type: string
        value: 'o/'
    resources:
    - name: notes
      label: Notes
      uri: notes://all
      description: The notes folder
      location: file:///./notes
`;

const REVISION = '2026-07-28';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': REVISION,
  'io.modelcontextprotocol/clientCapabilities': {},
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
};
const SERVER_INFO = { name: 'greeter-mcp', title: 'Greeter', version: '0.0.0' };

interface Rpc {
  result?: Record<string, unknown> & { _meta?: Record<string, unknown> };
  error?: { code: number; message: string };
  method?: string;
  params?: Record<string, unknown>;
}

let dir: string;
let mcp: TestMcp;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'naftiko-2026-'));
  await mkdir(join(dir, 'notes'));
  await writeFile(join(dir, 'notes', 'a.md'), '# A\n');
  mcp = await startTestMcp({ capability: CAPABILITY('http'), baseDir: dir });
});

afterAll(async () => {
  await mcp.stop();
  await rm(dir, { recursive: true, force: true });
});

/** One 2026-07-28 request as the revision's clients send it: envelope in `_meta`, `Mcp-*` headers. */
async function post(
  method: string,
  params: Record<string, unknown> = {},
  options: { headers?: Record<string, string>; meta?: Record<string, unknown> } = {},
) {
  const name = (params.name ?? params.uri) as string | undefined;
  const response = await rawRequest({
    url: mcp.url,
    headers: {
      ...MCP_HEADERS,
      'mcp-protocol-version': REVISION,
      'mcp-method': method,
      ...(name === undefined ? {} : { 'mcp-name': name }),
      ...options.headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method,
      params: { ...params, _meta: { ...ENVELOPE, ...options.meta } },
    }),
  });
  return { ...response, messages: parseMessages(response.body) as Rpc[] };
}

describe('2026-07-28 beside 2025-11-25 on /mcp', () => {
  it('serves a 2025 session and a 2026 client on the same endpoint at once', async () => {
    const legacy = await mcp.connect();
    const modern = new ModernClient(
      { name: 'modern', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: REVISION } } },
    );
    await modern.connect(new StreamableHTTPClientTransport(new URL(mcp.url)));
    expect(modern.getProtocolEra()).toBe('modern');

    const [old, now] = await Promise.all([
      legacy.callTool({ name: 'greet', arguments: { name: 'Ada' } }) as Promise<CallToolResult>,
      modern.callTool({ name: 'greet', arguments: { name: 'Bo' } }),
    ]);
    expect(old.structuredContent).toEqual({ greeting: 'Hello Ada' });
    expect(now.structuredContent).toEqual({ greeting: 'Hello Bo' });
    expect(mcp.engine.addresses).toHaveLength(1);
    await modern.close();
  });

  it('answers server/discover and stamps resultType, serverInfo and cache fields', async () => {
    const discover = await post('server/discover');
    expect(discover.status).toBe(200);
    expect(discover.headers['mcp-session-id']).toBeUndefined();
    expect(discover.messages[0]?.result).toMatchObject({
      supportedVersions: [REVISION],
      capabilities: { tools: { listChanged: true }, resources: { listChanged: true }, logging: {} },
      resultType: 'complete',
      _meta: { 'io.modelcontextprotocol/serverInfo': SERVER_INFO },
    });

    const list = await post('tools/list');
    const result = list.messages[0]?.result;
    expect(result).toMatchObject({
      resultType: 'complete',
      ttlMs: 60_000,
      cacheScope: 'public',
      _meta: { 'io.modelcontextprotocol/serverInfo': SERVER_INFO },
    });
    // The capability's order, the same on every request and replica.
    expect(((result?.tools ?? []) as { name: string }[]).map((tool) => tool.name)).toEqual(['greet', 'wave']);

    const read = await post('resources/read', { uri: 'notes://all/a.md' });
    expect(read.messages[0]?.result).toMatchObject({
      contents: [{ uri: 'notes://all/a.md', text: '# A\n' }],
      ttlMs: 0,
      cacheScope: 'private',
    });
  });

  it('reports an unknown resource as -32602 (2026) and -32002 (2025)', async () => {
    const modern = await post('resources/read', { uri: 'notes://all/missing.md' });
    expect(modern.messages[0]?.error?.code).toBe(-32602);
    const legacy = await mcp.connect();
    await expect(legacy.readResource({ uri: 'notes://all/missing.md' })).rejects.toMatchObject({
      code: -32002,
    });
  });

  it('checks Mcp-Method and Mcp-Name against the body (HeaderMismatchError)', async () => {
    const name = await post(
      'tools/call',
      { name: 'greet', arguments: { name: 'Ada' } },
      { headers: { 'mcp-name': 'wave' } },
    );
    expect(name.status).toBe(400);
    expect(name.messages[0]?.error?.code).toBe(-32020);
    const method = await post('tools/list', {}, { headers: { 'mcp-method': 'prompts/list' } });
    expect(method.status).toBe(400);
    expect(method.messages[0]?.error?.code).toBe(-32020);
  });

  it('refuses an unknown revision with -32022 naming the supported ones, and a 2026 header without envelope', async () => {
    const unknown = await post(
      'tools/list',
      {},
      {
        headers: { 'mcp-protocol-version': '2027-01-01' },
        meta: { 'io.modelcontextprotocol/protocolVersion': '2027-01-01' },
      },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.messages[0]?.error).toMatchObject({ code: -32022 });
    expect(JSON.stringify(unknown.messages[0]?.error)).toContain(REVISION);

    const bare = await rawRequest({
      url: mcp.url,
      headers: { ...MCP_HEADERS, 'mcp-protocol-version': REVISION, 'mcp-method': 'tools/list' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(bare.status).toBe(400);
    expect((parseMessages(bare.body)[0] as Rpc).error?.code).toBe(-32602);
  });

  it('sends the call log line only at the level the request asks for in _meta', async () => {
    const quiet = await post('tools/call', { name: 'greet', arguments: { name: 'Ada' } });
    expect(quiet.messages.filter((message) => message.method === 'notifications/message')).toEqual([]);
    const verbose = await post(
      'tools/call',
      { name: 'greet', arguments: { name: 'Ada' } },
      {
        meta: { 'io.modelcontextprotocol/logLevel': 'info' },
      },
    );
    const logs = verbose.messages.filter((message) => message.method === 'notifications/message');
    expect(logs).toHaveLength(1);
    expect(logs[0]?.params).toMatchObject({ level: 'info', data: { tool: 'greet', outcome: 'ok' } });
    expect(verbose.messages.at(-1)?.result?.structuredContent).toEqual({ greeting: 'Hello Ada' });
  });

  it('acknowledges subscriptions/listen on an SSE stream', async () => {
    const listen = await rawRequest({
      url: mcp.url,
      headers: {
        ...MCP_HEADERS,
        'mcp-protocol-version': REVISION,
        'mcp-method': 'subscriptions/listen',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'subscriptions/listen',
        params: { notifications: { toolsListChanged: true }, _meta: ENVELOPE },
      }),
      // The stream stays open: read until the acknowledgement, then hang up.
      until: (text) => text.includes('notifications/subscriptions/acknowledged'),
    });
    expect(listen.status).toBe(200);
    expect(listen.headers['content-type']).toContain('text/event-stream');
    expect(listen.body).toContain('notifications/subscriptions/acknowledged');
  });

  it('keeps the host guard in front of the 2026 leg', async () => {
    const evil = await post('tools/list', {}, { headers: { host: 'evil.example.com' } });
    expect(evil.status).toBe(403);
  });
});

describe('2026-07-28 over stdio', () => {
  it('pins a connection that opens with server/discover to the 2026 revision', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let output = '';
    stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const stdio = await startTestMcp({
      capability: CAPABILITY('stdio'),
      baseDir: dir,
      exposer: { stdin, stdout },
    });
    try {
      const send = async (id: number, method: string, params: Record<string, unknown> = {}) => {
        stdin.write(
          `${JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: ENVELOPE } })}\n`,
        );
        for (let waited = 0; waited < 5000; waited += 10) {
          const answer = output
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Rpc & { id?: number })
            .find((message) => message.id === id);
          if (answer !== undefined) return answer;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        throw new Error(`no answer to ${method} on stdout: ${output}`);
      };
      const discover = await send(1, 'server/discover');
      expect(discover.result).toMatchObject({ supportedVersions: [REVISION], resultType: 'complete' });
      const call = await send(2, 'tools/call', { name: 'greet', arguments: { name: 'Cy' } });
      expect(call.result).toMatchObject({
        structuredContent: { greeting: 'Hello Cy' },
        resultType: 'complete',
        _meta: { 'io.modelcontextprotocol/serverInfo': SERVER_INFO },
      });
    } finally {
      stdin.end();
      await stdio.stop();
    }
  });
});

describe('hot reload and 2026-07-28 clients', () => {
  it('tells an open subscriptions/listen stream that the tool list changed, and lists the new tool', async () => {
    const reloadDir = await mkdtemp(join(tmpdir(), 'naftiko-2026-reload-'));
    await mkdir(join(reloadDir, 'notes'));
    const served = await startTestMcp({ capability: CAPABILITY('http'), baseDir: reloadDir });
    try {
      const next = loadCapability(
        CAPABILITY('http').replace(
          '    resources:',
          "    - name: bow\n      description: Bows.\n      outputParameters:\n      - name: bow\n        type: string\n        value: 'm(_ _)m'\n    resources:",
        ),
        { baseDir: reloadDir },
      ).capability;
      if (next === undefined) throw new Error('the reloaded test capability is invalid');
      let reloading: Promise<void> | undefined;
      const listen = await rawRequest({
        url: served.url,
        headers: { ...MCP_HEADERS, 'mcp-protocol-version': REVISION, 'mcp-method': 'subscriptions/listen' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 9,
          method: 'subscriptions/listen',
          params: { notifications: { toolsListChanged: true }, _meta: ENVELOPE },
        }),
        // Reload once the subscription is acknowledged; done when the change arrives on the stream.
        until: (text) => {
          if (reloading === undefined && text.includes('notifications/subscriptions/acknowledged')) {
            reloading = served.engine.reload(next);
          }
          return text.includes('notifications/tools/list_changed');
        },
      });
      await reloading;
      expect(listen.body).toContain('notifications/tools/list_changed');
      const listed = await rawRequest({
        url: served.url,
        headers: {
          ...MCP_HEADERS,
          'mcp-protocol-version': REVISION,
          'mcp-method': 'tools/list',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 10, method: 'tools/list', params: { _meta: ENVELOPE } }),
      });
      const [answer] = parseMessages(listed.body) as Rpc[];
      const names = ((answer?.result?.tools ?? []) as { name: string }[]).map((tool) => tool.name);
      expect(names).toEqual(['greet', 'wave', 'bow']);
    } finally {
      await served.stop();
      await rm(reloadDir, { recursive: true, force: true });
    }
  });
});

describe("an expose's ttlMs and cacheScope (ikanos 1.0.0-beta4)", () => {
  it('replace the default freshness hint of 2026-07-28 results', async () => {
    const served = await startTestMcp({
      capability: `ikanos: "1.0.0-beta5"
info:
  display: Clock
  description: A cached clock.
capability:
  exposes:
    - type: mcp
      namespace: clock-mcp
      port: 9999
      ttlMs: 5000
      cacheScope: private
      tools:
        noon:
          description: Says noon.
          outputParameters:
            time:
              type: string
              value: '12:00'
`,
    });
    try {
      const response = await rawRequest({
        url: served.url,
        headers: { ...MCP_HEADERS, 'mcp-protocol-version': REVISION, 'mcp-method': 'tools/list' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: ENVELOPE } }),
      });
      const [answer] = parseMessages(response.body) as Rpc[];
      expect(answer?.result).toMatchObject({ ttlMs: 5000, cacheScope: 'private', resultType: 'complete' });
    } finally {
      await served.stop();
    }
  });
});
