import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { McpExposerOptions } from './create-mcp-exposer.js';
import { INITIALIZE, MCP_HEADERS, parseMessages, rawRequest } from './testing/raw-request.js';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const TOKEN = 's3cret-token';

function capability({ auth = false }: { auth?: boolean } = {}): string {
  return `naftiko: 1.0.0-alpha2
info:
  label: Greeter
  description: A test capability.
binds:
- namespace: env
  keys:
    MCP_TOKEN: MCP_TOKEN
capability:
  exposes:
  - type: mcp
    namespace: greeter-mcp
    port: 9999
    description: Greets people.
${
  auth
    ? `    authentication:
      type: bearer
      token: '{{MCP_TOKEN}}'
`
    : ''
}    tools:
    - name: greet
      label: Greet
      description: Greets someone by name.
      hints:
        readOnly: true
        openWorld: false
      inputParameters:
      - name: name
        type: string
        description: Who to greet
      outputParameters:
      - name: greeting
        type: string
        value: 'Hello {{tools.name}}'
`;
}

let mcp: TestMcp | undefined;

afterEach(async () => {
  await mcp?.stop();
  mcp = undefined;
});

async function start(options: { auth?: boolean; exposer?: McpExposerOptions } = {}): Promise<TestMcp> {
  mcp = await startTestMcp({
    capability: capability(options),
    env: { MCP_TOKEN: TOKEN },
    ...(options.exposer === undefined ? {} : { exposer: options.exposer }),
  });
  return mcp;
}

async function initialize(url: string, headers: Record<string, string> = {}) {
  const response = await rawRequest({ url, headers: { ...MCP_HEADERS, ...headers }, body: INITIALIZE });
  return { response, sessionId: response.headers['mcp-session-id'] as string | undefined };
}

describe('Streamable HTTP endpoint', () => {
  it('serves /mcp only', async () => {
    const { url } = await start();
    for (const path of ['/', '/mcp/', '/mcp/x', '/other']) {
      const response = await rawRequest({
        url: new URL(path, url).href,
        headers: MCP_HEADERS,
        body: INITIALIZE,
      });
      expect(response.status, path).toBe(404);
      expect(JSON.parse(response.body).error.message).toBe('Not found: the MCP endpoint is /mcp');
    }
    expect((await initialize(`${url}?x=1`)).response.status).toBe(200);
  });

  it('lists and calls a tool with structured content and its output schema', async () => {
    const client = await (await start()).connect();
    const { tools } = await client.listTools();
    expect(tools).toEqual([
      {
        name: 'greet',
        title: 'Greet',
        description: 'Greets someone by name.',
        inputSchema: {
          type: 'object',
          properties: { name: { type: 'string', description: 'Who to greet' } },
          required: ['name'],
        },
        outputSchema: expect.objectContaining({ type: 'object' }),
        annotations: { title: 'Greet', readOnlyHint: true, openWorldHint: false },
      },
    ]);
    const result = (await client.callTool({ name: 'greet', arguments: { name: 'Ada' } })) as CallToolResult;
    expect(result).toEqual({
      content: [{ type: 'text', text: '{\n  "greeting": "Hello Ada"\n}' }],
      structuredContent: { greeting: 'Hello Ada' },
    });
  });

  it('writes compact JSON when asked', async () => {
    const client = await (await start({ exposer: { jsonFormat: 'compact' } })).connect();
    const result = (await client.callTool({ name: 'greet', arguments: { name: 'Ada' } })) as CallToolResult;
    expect(result.content).toEqual([{ type: 'text', text: '{"greeting":"Hello Ada"}' }]);
  });

  describe('DNS rebinding protection', () => {
    it('refuses a foreign Host or Origin on a loopback bind with 403', async () => {
      const { url } = await start();
      const port = new URL(url).port;
      const evilHost = await rawRequest({
        url,
        headers: { ...MCP_HEADERS, host: `evil.example.com:${port}` },
        body: INITIALIZE,
      });
      expect(evilHost.status).toBe(403);
      expect(JSON.parse(evilHost.body).error.message).toBe(
        `Host "evil.example.com:${port}" is not a name of this server (localhost, 127.0.0.1, [::1]); to serve it, start naftiko with --allowed-host evil.example.com.`,
      );
      const evilOrigin = await rawRequest({
        url,
        headers: { ...MCP_HEADERS, origin: 'http://evil.example.com' },
        body: INITIALIZE,
      });
      expect(evilOrigin.status).toBe(403);
      expect(JSON.parse(evilOrigin.body).error.message).toBe(
        'Origin "http://evil.example.com" is another site: cross-site requests are refused; to accept a web app on that site, start naftiko with --allowed-host evil.example.com.',
      );
    });

    it('accepts the loopback names with any port, and configured hosts and origins', async () => {
      const { url } = await start({
        exposer: { allowedHosts: ['mcp.internal'], allowedOrigins: ['https://app.example.com'] },
      });
      for (const host of ['localhost', 'localhost:1234', '127.0.0.1:9', '[::1]:80', 'mcp.internal:8080']) {
        expect((await initialize(url, { host })).response.status, host).toBe(200);
      }
      for (const origin of ['http://localhost:5173', 'https://app.example.com']) {
        expect((await initialize(url, { origin })).response.status, origin).toBe(200);
      }
    });
  });

  describe('inbound authentication', () => {
    it('answers 401 with WWW-Authenticate without or with a wrong token', async () => {
      const { url } = await start({ auth: true });
      const attempts: Record<string, string>[] = [
        {},
        { authorization: 'Bearer nope' },
        { authorization: `Basic ${TOKEN}` },
      ];
      for (const headers of attempts) {
        const response = await rawRequest({ url, headers: { ...MCP_HEADERS, ...headers }, body: INITIALIZE });
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="naftiko"');
        expect(response.body).not.toContain(TOKEN);
      }
    });

    it('serves a client with the right token', async () => {
      const client = await (await start({ auth: true })).connect({
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect((await client.listTools()).tools).toHaveLength(1);
    });
  });

  it('refuses bodies over the cap with 413 and malformed JSON with a parse error', async () => {
    const { url } = await start({ exposer: { maxBodyBytes: 1024 } });
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(2000) } });
    const tooLarge = await rawRequest({ url, headers: MCP_HEADERS, body: big });
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body).error.message).toBe(
      'Payload Too Large: the request body must not exceed 1024 bytes',
    );
    // Without a Content-Length the cap applies while reading.
    const chunked = await rawRequest({
      url,
      headers: { ...MCP_HEADERS, 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(chunked.status).toBe(413);
    expect(chunked.headers.connection).toBe('close');
    const malformed = await rawRequest({ url, headers: MCP_HEADERS, body: '{"jsonrpc":' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error).toEqual({ code: -32700, message: 'Parse error: Invalid JSON' });
  });

  describe('sessions', () => {
    it('issues a session id, checks it, opens the GET stream and ends the session on DELETE', async () => {
      const { url } = await start();
      const { response, sessionId } = await initialize(url);
      expect(response.status).toBe(200);
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);

      const list = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
      const missing = await rawRequest({ url, headers: MCP_HEADERS, body: list });
      expect(missing.status).toBe(400);
      const unknown = await rawRequest({
        url,
        headers: { ...MCP_HEADERS, 'mcp-session-id': 'nope' },
        body: list,
      });
      expect(unknown.status).toBe(404);
      expect(JSON.parse(unknown.body).error).toEqual({ code: -32001, message: 'Session not found' });

      const ok = await rawRequest({
        url,
        headers: { ...MCP_HEADERS, 'mcp-session-id': sessionId as string },
        body: list,
      });
      expect(ok.status).toBe(200);
      expect(parseMessages(ok.body)).toMatchObject([{ id: 2, result: { tools: [{ name: 'greet' }] } }]);

      const stream = await rawRequest({
        url,
        method: 'GET',
        headers: { accept: 'text/event-stream', 'mcp-session-id': sessionId as string },
        headersOnly: true,
      });
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toBe('text/event-stream');

      const deleted = await rawRequest({
        url,
        method: 'DELETE',
        headers: { 'mcp-session-id': sessionId as string },
      });
      expect(deleted.status).toBe(200);
      const after = await rawRequest({
        url,
        headers: { ...MCP_HEADERS, 'mcp-session-id': sessionId as string },
        body: list,
      });
      expect(after.status).toBe(404);
    });

    it('gives each client its own session', async () => {
      const test = await start();
      const a = await test.connect();
      const b = await test.connect();
      const ids = [a, b].map((client) => (client.transport as { sessionId?: string }).sessionId);
      expect(new Set(ids).size).toBe(2);
      await a.close();
      expect((await b.callTool({ name: 'greet', arguments: { name: 'B' } })).isError).toBeFalsy();
    });

    it('closes idle sessions', async () => {
      const { url } = await start({ exposer: { sessionIdleMs: 100 } });
      const { sessionId } = await initialize(url);
      await new Promise((resolve) => setTimeout(resolve, 1_300));
      const ping = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' });
      const response = await rawRequest({
        url,
        headers: { ...MCP_HEADERS, 'mcp-session-id': sessionId as string },
        body: ping,
      });
      expect(response.status).toBe(404);
    });

    it('at the limit, a new client closes the least recently used idle session, with a log line', async () => {
      const test = await start({ exposer: { maxSessions: 2 } });
      const first = await initialize(test.url);
      const second = await initialize(test.url);
      const ping = (sessionId: string | undefined) =>
        rawRequest({
          url: test.url,
          headers: { ...MCP_HEADERS, 'mcp-session-id': sessionId as string },
          body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
        });
      // The first session is used again, so the second is now the least recently used.
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await ping(first.sessionId)).status).toBe(200);
      const third = await initialize(test.url);
      expect(third.response.status).toBe(200);
      expect((await ping(second.sessionId)).status).toBe(404);
      expect((await ping(first.sessionId)).status).toBe(200);
      expect((await ping(third.sessionId)).status).toBe(200);
      expect(test.logs.filter((line) => line.message.includes('session limit'))).toEqual([
        {
          level: 'warn',
          message: 'mcp session limit reached: closed the least recently used idle session',
          fields: { expose: 'greeter-mcp', maxSessions: 2, idleMs: expect.any(Number) },
        },
      ]);
    });
  });

  describe('sessions at the limit, every one busy', () => {
    it('refuses a new client with 503 and Retry-After rather than closing a session mid-call', async () => {
      // An upstream that holds every request until the test lets it go.
      const held: (() => void)[] = [];
      const upstream = createServer((_request, response) => {
        held.push(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = upstream.address() as AddressInfo;
        mcp = await startTestMcp({
          capability: `naftiko: 1.0.0-alpha2
capability:
  consumes:
  - { type: http, namespace: up, baseUri: "http://127.0.0.1:${port}", resources: [{ name: r, path: /r, operations: [{ name: op, method: GET }] }] }
  exposes:
  - { type: mcp, namespace: busy-mcp, port: 1, tools: [{ name: wait, description: Waits on the upstream, call: up.op }] }
`,
          exposer: { maxSessions: 1 },
        });
        const first = await initialize(mcp.url);
        const call = rawRequest({
          url: mcp.url,
          headers: { ...MCP_HEADERS, 'mcp-session-id': first.sessionId as string },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 3,
            method: 'tools/call',
            params: { name: 'wait', arguments: {} },
          }),
        });
        for (let tries = 0; held.length === 0 && tries < 200; tries++)
          await new Promise((resolve) => setTimeout(resolve, 10));
        const refused = await initialize(mcp.url);
        expect(refused.response.status).toBe(503);
        expect(refused.response.headers['retry-after']).toBe('5');
        expect(JSON.parse(refused.response.body).error.message).toBe(
          'Too many sessions (1), every one with a call in flight; retry shortly, or raise --max-sessions',
        );
        for (const release of held) release();
        expect(parseMessages((await call).body)).toMatchObject([
          { id: 3, result: { structuredContent: { ok: true } } },
        ]);
      } finally {
        await new Promise((resolve) => upstream.close(resolve));
      }
    });
  });

  describe('stateless mode', () => {
    it('answers any request without a session, and refuses GET and DELETE', async () => {
      const { url } = await start({ exposer: { stateless: true } });
      const { response, sessionId } = await initialize(url);
      expect(response.status).toBe(200);
      expect(sessionId).toBeUndefined();
      const call = JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'greet', arguments: { name: 'Bo' } },
      });
      const called = await rawRequest({ url, headers: MCP_HEADERS, body: call });
      expect(parseMessages(called.body)).toMatchObject([
        { id: 7, result: { structuredContent: { greeting: 'Hello Bo' } } },
      ]);
      for (const method of ['GET', 'DELETE']) {
        const refused = await rawRequest({ url, method, headers: { accept: 'text/event-stream' } });
        expect(refused.status).toBe(405);
        expect(refused.headers.allow).toBe('POST');
      }
    });

    it('refuses a tools/call whose params do not match the MCP schema', async () => {
      const { url } = await start({ exposer: { stateless: true } });
      const call = JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 42 } });
      const [answer] = parseMessages((await rawRequest({ url, headers: MCP_HEADERS, body: call })).body) as {
        id: number;
        result?: unknown;
        error?: { code: number; message: string };
      }[];
      expect(answer?.id).toBe(8);
      expect(answer?.result).toBeUndefined();
      expect(answer?.error?.message).toContain('name');
    });

    it('works with the SDK client', async () => {
      const client = await (await start({ exposer: { stateless: true } })).connect();
      const result = (await client.callTool({ name: 'greet', arguments: { name: 'Cy' } })) as CallToolResult;
      expect(result.structuredContent).toEqual({ greeting: 'Hello Cy' });
    });
  });

  it('fails to start on a port in use with a clear LISTEN_FAILED error', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      await expect(
        startTestMcp({
          capability: capability(),
          env: { MCP_TOKEN: TOKEN },
          overrides: { port: { 'greeter-mcp': port } },
        }),
      ).rejects.toMatchObject({
        code: 'LISTEN_FAILED',
        message: `mcp expose "greeter-mcp" could not start: port ${port} on 127.0.0.1 is already in use; stop the other process or choose another port.`,
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
