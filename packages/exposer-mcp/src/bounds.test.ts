import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { INITIALIZE, MCP_HEADERS, parseMessages, rawRequest } from './testing/raw-request.js';
import {
  type HostileUpstream,
  neverAnswers,
  startHostileUpstream,
  until,
} from './testing/start-hostile-upstream.js';
import { type StartTestMcpOptions, startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const CAPABILITY = `naftiko: 1.0.0-alpha2
info:
  label: Bounds
  description: Upstreams that send too much or too slowly.
capability:
  consumes:
  - type: http
    namespace: up
    baseUri: http://127.0.0.1:1
    resources:
    - name: flood
      path: /flood/stream
      operations:
      - name: flood
        method: GET
    - name: slow
      path: /slow
      operations:
      - name: slow
        method: GET
    - name: limited
      path: /limited
      operations:
      - name: limited
        method: GET
  exposes:
  - type: mcp
    namespace: bounds-mcp
    port: 9999
    tools:
    - name: flood
      description: Streams far more than a call may hold
      call: up.flood
    - name: slow
      description: Never answers
      call: up.slow
    - name: limited
      description: Always rate limited
      call: up.limited
`;

// 200 events of 3,000 characters: 600 KB, against a 10,000-byte cap per call in these tests.
const EVENT = `data: "${'x'.repeat(2_998)}"\n\n`;

let upstream: HostileUpstream | undefined;
let mcp: TestMcp | undefined;

afterEach(async () => {
  await mcp?.stop();
  await upstream?.close();
  mcp = undefined;
  upstream = undefined;
});

async function start(options: Partial<StartTestMcpOptions> = {}): Promise<TestMcp> {
  upstream = await startHostileUpstream({
    '/flood/stream': (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const pump = () => {
        while (sent < 200 && !response.destroyed) {
          sent += 1;
          if (!response.write(EVENT)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    },
    '/slow': neverAnswers,
    '/limited': (_request, response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      response.end('{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}');
    },
  });
  mcp = await startTestMcp({
    capability: CAPABILITY,
    overrides: { baseUri: { up: upstream.url } },
    ...options,
  });
  return mcp;
}

describe('bounded calls', () => {
  it('a streaming tool stops at the byte cap, says it truncated, and releases the upstream', async () => {
    const running = await start({ exposer: { maxStreamBytes: 10_000 } });
    const client = await running.connect();
    const result = (await client.callTool({ name: 'flood', arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ count: 3, endedBy: 'max-bytes', truncated: true });
    await until(() => upstream?.open === 0, 'the upstream stream to be released');
    expect(running.logs.find((line) => line.message === 'mcp tools/call')?.fields).toMatchObject({
      outcome: 'ok',
      endedBy: 'max-bytes',
    });
  });

  it('requests past maxSessionCalls (a batch too) are answered busy at once', async () => {
    const running = await start({ exposer: { maxSessionCalls: 2 }, consumer: { timeoutMs: 300 } });
    const init = await rawRequest({ url: running.url, headers: MCP_HEADERS, body: INITIALIZE });
    const headers = {
      ...MCP_HEADERS,
      'mcp-session-id': init.headers['mcp-session-id'] as string,
      'mcp-protocol-version': '2025-11-25',
    };
    const call = (id: number) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'slow', arguments: {} },
    });
    const answered = await rawRequest({
      url: running.url,
      headers,
      body: JSON.stringify([call(1), call(2), call(3)]),
    });
    // The failures' log messages turn the answer into an SSE stream: pick the answers by id.
    const messages = parseMessages(answered.body) as {
      id?: number;
      result?: CallToolResult;
      error?: unknown;
    }[];
    const byId = new Map(messages.filter((message) => message.id !== undefined).map((m) => [m.id, m]));
    expect([...byId.keys()].sort()).toEqual([1, 2, 3]);
    expect(byId.get(1)?.result?.isError).toBe(true);
    expect(byId.get(2)?.result?.isError).toBe(true);
    expect(byId.get(3)?.error).toMatchObject({ code: -32000, data: { retryAfter: 1, limit: 2 } });
    // Only two calls reached the upstream.
    expect(upstream?.requests.length).toBe(2);
  });

  it('a call past the consumer-wide cap is a busy tool error with a retry hint', async () => {
    const running = await start({ consumer: { maxConcurrentCalls: 1 } });
    const client = await running.connect();
    const pending = client.callTool({ name: 'slow', arguments: {} }).catch(() => undefined);
    await until(() => upstream?.open === 1, 'the first call to reach the upstream');
    const result = (await client.callTool({ name: 'slow', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toMatch(/^Server busy: /);
    expect(result._meta?.['io.naftiko/error']).toEqual({ code: 'BUSY', retryAfter: 1 });
    await client.close();
    await pending;
  });

  it("an upstream 429's Retry-After reaches the client in _meta", async () => {
    const running = await start();
    const client = await running.connect();
    const result = (await client.callTool({ name: 'limited', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(result._meta?.['io.naftiko/upstream']).toMatchObject({ status: 429, retryAfter: '7' });
  });
});

describe('local failures are the caller’s, never the upstream’s', () => {
  const HEADER_CAPABILITY = CAPABILITY.replace(
    `    - name: limited
      path: /limited
      operations:
      - name: limited
        method: GET
`,
    `    - name: limited
      path: /limited
      operations:
      - name: limited
        method: GET
        inputParameters:
        - name: X-Trace
          in: header
`,
  ).replace(
    `    - name: limited
      description: Always rate limited
      call: up.limited
`,
    `    - name: limited
      description: Always rate limited
      call: up.limited
      with:
        X-Trace: tools.trace
`,
  );

  async function session(running: TestMcp): Promise<Record<string, string>> {
    const init = await rawRequest({ url: running.url, headers: MCP_HEADERS, body: INITIALIZE });
    return {
      ...MCP_HEADERS,
      'mcp-session-id': init.headers['mcp-session-id'] as string,
      'mcp-protocol-version': '2025-11-25',
    };
  }

  it('arguments with too many keys or 5,000 levels are invalid params, refused before parsing', async () => {
    const running = await start();
    const headers = await session(running);
    // Written by hand: JSON.stringify itself overflows the stack on 5,000 levels.
    const deep = `${'{"a":'.repeat(5_000)}"leaf"${'}'.repeat(5_000)}`;
    // The probe sent 200,000 keys; twice the limit shows the same refusal at a tenth of the cost.
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`k${i}`, i])));
    for (const [args, limit] of [
      [wide, 'more than 10000 keys'],
      [`{"deep":${deep}}`, 'deeper than 64 levels'],
    ] as const) {
      const answered = await rawRequest({
        url: running.url,
        headers,
        body: `{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"slow","arguments":${args}}}`,
      });
      expect(answered.status).toBe(400);
      const [message] = parseMessages(answered.body) as { error: { code: number; message: string } }[];
      expect(message?.error.code).toBe(-32602);
      expect(message?.error.message).toContain(limit);
    }
    expect(upstream?.requests.length).toBe(0);
  });

  it('a header value HTTP forbids is an invalid-arguments tool error, not an unreachable upstream', async () => {
    const running = await start({ capability: HEADER_CAPABILITY });
    const client = await running.connect();
    const result = (await client.callTool({
      name: 'limited',
      arguments: { trace: 'a\u0001b' },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    const text = (result.content[0] as { text: string }).text;
    expect(text).toMatch(/^Invalid arguments for tool "limited"/);
    expect(text).not.toContain('Upstream unavailable');
    expect(result._meta?.['io.naftiko/error']).toEqual({ code: 'REQUEST_INVALID' });
    expect(upstream?.requests.length).toBe(0);
  });
});
