import { afterEach, describe, expect, it } from 'vitest';
import { INITIALIZE, MCP_HEADERS, parseMessages, rawRequest } from './testing/raw-request.js';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const CAPABILITY = `naftiko: 1.0.0-alpha2
info:
  label: Greeter
  description: A test capability.
capability:
  exposes:
  - type: mcp
    namespace: greeter-mcp
    port: 9999
    tools:
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
`;

let mcp: TestMcp | undefined;

afterEach(async () => {
  await mcp?.stop();
  mcp = undefined;
});

async function session(): Promise<{ url: string; headers: Record<string, string> }> {
  mcp = await startTestMcp({ capability: CAPABILITY });
  const { url } = mcp;
  const init = await rawRequest({ url, headers: MCP_HEADERS, body: INITIALIZE });
  expect(init.headers['content-type']).toBe('application/json');
  const headers = { ...MCP_HEADERS, 'mcp-session-id': init.headers['mcp-session-id'] as string };
  const initialized = await rawRequest({
    url,
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  expect(initialized).toMatchObject({ status: 202, body: '' });
  return { url, headers };
}

const call = (id: number, name = 'greet') =>
  ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: { name: 'Ada' } } }) as const;

describe('Streamable HTTP transport', () => {
  it('answers a request with one JSON body carrying the session id', async () => {
    const { url, headers } = await session();
    // Not ASCII: Content-Length counts bytes, not characters.
    const body = JSON.stringify({
      ...call(2),
      params: { name: 'greet', arguments: { name: 'Zo\u00eb \u{1f30a}' } },
    });
    const answer = await rawRequest({ url, headers, body });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.body)));
    expect(answer.headers['mcp-session-id']).toBe(headers['mcp-session-id']);
    expect(JSON.parse(answer.body)).toMatchObject({
      id: 2,
      result: { structuredContent: { greeting: 'Hello Zo\u00eb \u{1f30a}' } },
    });
  });

  it('answers a batch in request order, notifications inside it with no answer', async () => {
    const { url, headers } = await session();
    const batch = [
      call(7, 'nope'),
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 99 } },
      call(3),
    ];
    const answer = await rawRequest({ url, headers, body: JSON.stringify(batch) });
    const messages = JSON.parse(answer.body);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({ id: 7, error: { code: -32602 } });
    expect(messages[1]).toMatchObject({ id: 3, result: { structuredContent: { greeting: 'Hello Ada' } } });
  });

  it('switches the answer to SSE when the server sends something first', async () => {
    const { url, headers } = await session();
    const setLevel = { jsonrpc: '2.0', id: 2, method: 'logging/setLevel', params: { level: 'info' } };
    await rawRequest({ url, headers, body: JSON.stringify(setLevel) });
    const answer = await rawRequest({ url, headers, body: JSON.stringify(call(3)) });
    expect(answer.headers['content-type']).toBe('text/event-stream');
    expect(answer.headers['mcp-session-id']).toBe(headers['mcp-session-id']);
    expect(parseMessages(answer.body)).toMatchObject([
      { method: 'notifications/message', params: { level: 'info', data: { tool: 'greet', outcome: 'ok' } } },
      { id: 3, result: { structuredContent: { greeting: 'Hello Ada' } } },
    ]);
  });

  it('refuses what the SDK transport refuses, with the same statuses and codes', async () => {
    const { url, headers } = await session();
    const body = JSON.stringify(call(2));
    const cases: [Record<string, string>, string, number, number][] = [
      [{ ...headers, accept: 'application/json' }, body, 406, -32000],
      [{ ...headers, 'content-type': 'text/plain' }, body, 415, -32000],
      [{ ...headers, 'mcp-protocol-version': '1999-01-01' }, body, 400, -32000],
      [headers, JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'ping' }), 400, -32700],
      [headers, JSON.stringify([call(1), { id: 2 }]), 400, -32700],
      [headers, JSON.stringify(Array.from({ length: 101 }, (_, id) => call(id))), 400, -32600],
      [headers, INITIALIZE, 400, -32600],
      [MCP_HEADERS, `[${INITIALIZE},${JSON.stringify(call(2))}]`, 400, -32600],
    ];
    for (const [requestHeaders, requestBody, status, code] of cases) {
      const answer = await rawRequest({ url, headers: requestHeaders, body: requestBody });
      expect({ status: answer.status, code: JSON.parse(answer.body).error?.code }, requestBody).toEqual({
        status,
        code,
      });
    }
    const get = await rawRequest({ url, method: 'GET', headers: { ...headers, accept: 'application/json' } });
    expect(get.status).toBe(406);
    const put = await rawRequest({ url, method: 'PUT', headers, body });
    expect(put.status).toBe(405);
  });

  it('allows one GET stream per session and delivers nothing else on it', async () => {
    const { url, headers } = await session();
    const sse = { accept: 'text/event-stream', 'mcp-session-id': headers['mcp-session-id'] as string };
    const controller = new AbortController();
    const first = fetch(url, { headers: sse, signal: controller.signal });
    const opened = await first;
    expect(opened.status).toBe(200);
    const second = await rawRequest({ url, method: 'GET', headers: sse });
    expect(second.status).toBe(409);
    controller.abort();
    await opened.body?.cancel().catch(() => undefined);
  });
});
