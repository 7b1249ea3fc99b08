import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { INITIALIZE, MCP_HEADERS, parseMessages, rawRequest } from './testing/raw-request.js';
import {
  type HostileUpstream,
  neverAnswers,
  startHostileUpstream,
  until,
} from './testing/start-hostile-upstream.js';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const CAPABILITY = `naftiko: 1.0.0-alpha2
info:
  label: Cancellation
  description: A tool whose upstream never answers.
capability:
  consumes:
  - type: http
    namespace: up
    baseUri: http://127.0.0.1:1
    resources:
    - name: slow
      path: /slow
      operations:
      - name: slow
        method: GET
  exposes:
  - type: mcp
    namespace: cancel-mcp
    port: 9999
    tools:
    - name: slow
      description: Never answers
      call: up.slow
`;

let upstream: HostileUpstream | undefined;
let mcp: TestMcp | undefined;

afterEach(async () => {
  await mcp?.stop();
  await upstream?.close();
  mcp = undefined;
  upstream = undefined;
});

async function start(stateless = false): Promise<{ url: string; upstream: HostileUpstream }> {
  upstream = await startHostileUpstream({ '/slow': neverAnswers });
  mcp = await startTestMcp({
    capability: CAPABILITY,
    // The consumer's own timeout is far away: only cancellation can end these calls in time.
    consumer: { timeoutMs: 60_000 },
    exposer: { stateless },
    overrides: { baseUri: { up: upstream.url } },
  });
  return { url: mcp.url, upstream };
}

async function openSession(url: string): Promise<Record<string, string>> {
  const init = await rawRequest({ url, headers: MCP_HEADERS, body: INITIALIZE });
  const sessionId = init.headers['mcp-session-id'] as string;
  const headers = { ...MCP_HEADERS, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
  await rawRequest({
    url,
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  return headers;
}

const CALL_SLOW = JSON.stringify({
  jsonrpc: '2.0',
  id: 7,
  method: 'tools/call',
  params: { name: 'slow', arguments: {} },
});

/** POSTs `body` and hangs up as soon as the upstream has the call. */
async function postAndHangUp(url: string, headers: Record<string, string>, seen: () => boolean) {
  const request = httpRequest(url, { method: 'POST', headers });
  request.on('error', () => undefined);
  request.end(CALL_SLOW);
  await until(seen, 'the upstream call to start');
  request.destroy();
}

describe('cancellation', () => {
  it('a stateful client that hangs up aborts its upstream call within a second', async () => {
    const { url, upstream } = await start();
    const headers = await openSession(url);
    await postAndHangUp(url, headers, () => upstream.open === 1);
    const hungUp = Date.now();
    await until(() => upstream.open === 0, 'the upstream call to be aborted', 1_000);
    expect(Date.now() - hungUp).toBeLessThan(1_000);
    // The session still works for its other calls.
    const ping = await rawRequest({
      url,
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'ping' }),
    });
    expect(parseMessages(ping.body)).toEqual([{ jsonrpc: '2.0', id: 8, result: {} }]);
  });

  it('a stateless client that hangs up aborts its upstream call within a second', async () => {
    const { url, upstream } = await start(true);
    await postAndHangUp(url, { ...MCP_HEADERS }, () => upstream.open === 1);
    await until(() => upstream.open === 0, 'the upstream call to be aborted', 1_000);
  });

  it('notifications/cancelled aborts the call and ends its HTTP exchange without a JSON-RPC response', async () => {
    const { url, upstream } = await start();
    const headers = await openSession(url);
    const call = rawRequest({ url, headers, body: CALL_SLOW });
    await until(() => upstream.open === 1, 'the upstream call to start');
    const cancel = await rawRequest({
      url,
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 7, reason: 'changed my mind' },
      }),
    });
    expect(cancel.status).toBe(202);
    const answered = await call;
    expect(answered.status).toBe(200);
    expect(answered.headers['content-type']).toBe('text/event-stream');
    // MCP: "Receivers of cancellation notifications SHOULD ... not send a response".
    expect(parseMessages(answered.body)).toEqual([]);
    await until(() => upstream.open === 0, 'the upstream call to be aborted', 1_000);
  });

  it('a cancelled request of a batch leaves the other answers in place', async () => {
    const { url, upstream } = await start();
    const headers = await openSession(url);
    const batch = rawRequest({
      url,
      headers,
      body: JSON.stringify([JSON.parse(CALL_SLOW), { jsonrpc: '2.0', id: 9, method: 'ping' }]),
    });
    await until(() => upstream.open === 1, 'the upstream call to start');
    await rawRequest({
      url,
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7 } }),
    });
    const answered = await batch;
    expect(parseMessages(answered.body)).toEqual([{ jsonrpc: '2.0', id: 9, result: {} }]);
    await until(() => upstream.open === 0, 'the upstream call to be aborted', 1_000);
  });
});
