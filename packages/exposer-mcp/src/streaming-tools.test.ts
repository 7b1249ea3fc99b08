import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type CallToolResult, CallToolResultSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { createSandbox, DEFAULT_SANDBOX_API_KEY, type Sandbox } from '@naftiko/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import type { McpExposerOptions } from './create-mcp-exposer.js';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const CAPABILITY = `naftiko: 1.0.0-alpha2
info:
  label: Sessions stream
  description: Streaming test capability.
binds:
- namespace: env
  keys:
    ANTHROPIC_API_KEY: ANTHROPIC_API_KEY
capability:
  consumes:
  - type: http
    namespace: sessions
    baseUri: https://api.anthropic.com
    headers:
      anthropic-version: '2023-06-01'
      anthropic-beta: managed-agents-2026-04-01
    authentication:
      type: apikey
      key: x-api-key
      value: '{{env.ANTHROPIC_API_KEY}}'
      placement: header
    resources:
    - name: sessions
      path: /v1/sessions
      operations:
      - name: create
        method: POST
        inputParameters:
        - name: body
          in: body
          type: object
          required: true
    - name: events
      path: /v1/sessions/{session_id}/events
      operations:
      - name: send
        method: POST
        inputParameters:
        - name: session_id
          in: path
          type: string
          required: true
        - name: body
          in: body
          type: object
          required: true
    - name: stream
      path: /v1/sessions/{session_id}/events/stream
      operations:
      - name: stream
        method: GET
        inputParameters:
        - name: session_id
          in: path
          type: string
          required: true
  exposes:
  - type: mcp
    namespace: stream-mcp
    port: 9999
    tools:
    - name: create-session
      description: Create a session
      call: sessions.create
      with:
        body: tools.body
    - name: send-events
      description: Send events
      call: sessions.send
      with:
        session_id: tools.session_id
        body: tools.body
    - name: stream-events
      description: Stream session events
      hints:
        readOnly: true
      call: sessions.stream
      with:
        session_id: tools.session_id
`;

let sandbox: Sandbox | undefined;
let mcp: TestMcp | undefined;
let slow: Server | undefined;

afterEach(async () => {
  await mcp?.stop();
  await sandbox?.close();
  await new Promise((resolve) => (slow ? slow.close(resolve) : resolve(undefined)));
  mcp = undefined;
  sandbox = undefined;
  slow = undefined;
});

async function start(
  exposer: McpExposerOptions = {},
): Promise<{ client: Client; sessionId: string; sandbox: Sandbox }> {
  sandbox = await createSandbox({ replyDelayMs: 5 });
  mcp = await startTestMcp({
    capability: CAPABILITY,
    env: { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY },
    exposer,
    overrides: { baseUri: { sessions: sandbox.url } },
  });
  const client = await mcp.connect();
  const created = (await client.callTool({
    name: 'create-session',
    arguments: { body: { agent: 'agent_1', environment_id: 'env_1' } },
  })) as CallToolResult;
  return { client, sessionId: (created.structuredContent as { id: string }).id, sandbox };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sayHi = (sessionId: string) => ({
  name: 'send-events',
  arguments: {
    session_id: sessionId,
    body: { events: [{ type: 'user.message', content: [{ type: 'text', text: 'hi' }] }] },
  },
});

describe('streaming tools', () => {
  it('sends each event as a progress notification and returns the collected events', async () => {
    const { client, sessionId, sandbox } = await start({ maxStreamEvents: 6 });
    const progress: Progress[] = [];
    const call = client.callTool(
      { name: 'stream-events', arguments: { session_id: sessionId } },
      CallToolResultSchema,
      {
        onprogress: (update) => progress.push(update),
      },
    );
    await until(() => sandbox.openStreams === 1, 'the upstream stream to open');
    await client.callTool(sayHi(sessionId));
    const result = (await call) as CallToolResult;

    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as {
      events: { event: string; data: { type: string } }[];
      count: number;
      endedBy: string;
    };
    expect(structured.endedBy).toBe('max-events');
    expect(structured.count).toBe(6);
    expect(structured.events.map((e) => e.event)).toEqual([
      'user.message',
      'session.status_running',
      'span.model_request_start',
      'agent.message',
      'span.model_request_end',
      'session.status_idle',
    ]);
    expect(structured.events[3]?.data).toMatchObject({ type: 'agent.message' });
    expect(progress.map((p) => p.progress)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress[0]?.message).toBe('user.message: hi');
    expect(progress[3]?.message).toBe('agent.message: Sandbox agent received: hi');
    await until(() => sandbox.openStreams === 0, 'the upstream stream to be released');
    expect(sandbox.requests.find((r) => r.path.endsWith('/events/stream'))?.method).toBe('GET');
  });

  it('returns what it has when the duration limit is hit, and releases the upstream', async () => {
    const { client, sessionId, sandbox } = await start({ maxStreamDurationMs: 300 });
    const started = Date.now();
    const result = (await client.callTool({
      name: 'stream-events',
      arguments: { session_id: sessionId },
    })) as CallToolResult;
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.structuredContent).toEqual({ events: [], count: 0, endedBy: 'max-duration' });
    await until(() => sandbox.openStreams === 0, 'the upstream stream to be released');
  });

  it('aborts the upstream stream when the client cancels', async () => {
    const { client, sessionId, sandbox } = await start();
    const controller = new AbortController();
    const call = client.callTool(
      { name: 'stream-events', arguments: { session_id: sessionId } },
      CallToolResultSchema,
      {
        signal: controller.signal,
      },
    );
    await until(() => sandbox.openStreams === 1, 'the upstream stream to open');
    controller.abort('user changed their mind');
    await expect(call).rejects.toThrow();
    await until(() => sandbox.openStreams === 0, 'the upstream stream to close after cancel');
    await until(
      () =>
        mcp?.logs.some(
          (line) => line.message === 'mcp tools/call' && line.fields?.tool === 'stream-events',
        ) ?? false,
      'the call log line',
    );
    const line = mcp?.logs.find((l) => l.message === 'mcp tools/call' && l.fields?.tool === 'stream-events');
    expect(line?.fields).toMatchObject({ outcome: 'ok', endedBy: 'cancelled' });
  });

  it('ends a stream with what it collected when the server stops, within the grace period', async () => {
    const { client, sessionId, sandbox } = await start({ shutdownGraceMs: 5_000 });
    const call = client.callTool({ name: 'stream-events', arguments: { session_id: sessionId } });
    await until(() => sandbox.openStreams === 1, 'the upstream stream to open');
    const started = Date.now();
    await mcp?.engine.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    const result = (await call) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ endedBy: 'shutdown' });
    expect(sandbox.openStreams).toBe(0);
  });
});

describe('cancellation of a plain call', () => {
  it('aborts the upstream request on notifications/cancelled', async () => {
    const seen: IncomingMessage[] = [];
    let closed = 0;
    slow = createServer((request) => {
      seen.push(request);
      // Never answer: only a cancel ends this request.
      request.socket.on('close', () => {
        closed += 1;
      });
    });
    await new Promise<void>((resolve) => slow?.listen(0, '127.0.0.1', resolve));
    mcp = await startTestMcp({
      capability: CAPABILITY,
      env: { ANTHROPIC_API_KEY: 'k' },
      overrides: { baseUri: { sessions: `http://127.0.0.1:${(slow.address() as AddressInfo).port}` } },
    });
    const client = await mcp.connect();
    const controller = new AbortController();
    const call = client.callTool(
      { name: 'create-session', arguments: { body: { agent: 'a' } } },
      CallToolResultSchema,
      { signal: controller.signal },
    );
    await until(() => seen.length === 1, 'the upstream request');
    controller.abort();
    await expect(call).rejects.toThrow();
    await until(() => closed === 1, 'the upstream connection to close');
  });
});
