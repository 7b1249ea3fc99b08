import { fileURLToPath } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type CallToolResult, LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { createSandbox, DEFAULT_SANDBOX_API_KEY, type Sandbox } from '@naftiko/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const SEED = fileURLToPath(new URL('../../../capabilities/managed-agents-sessions.yaml', import.meta.url));

let sandbox: Sandbox;
let mcp: TestMcp;
let client: Client;

beforeEach(async () => {
  sandbox = await createSandbox();
  mcp = await startTestMcp({
    capability: SEED,
    env: { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY },
    overrides: { baseUri: { 'managed-agents-sessions': sandbox.url } },
  });
  client = await mcp.connect();
});

afterEach(async () => {
  await mcp?.stop();
  await sandbox?.close();
});

const text = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;

async function createSession(): Promise<string> {
  const result = (await client.callTool({
    name: 'anthropic-create-session',
    arguments: { body: { agent: 'agent_011test', environment_id: 'env_011test', title: 'first' } },
  })) as CallToolResult;
  expect(result.isError).toBeFalsy();
  return (result.structuredContent as { id: string }).id;
}

/**
 * Subscribes to the session's live event stream on the sandbox; `idle()` resolves once it streams
 * `session.status_idle`, i.e. the turn a `user.message` starts is over and the session may be
 * deleted (the API refuses to delete a running session). Opened before the send, so no event is
 * missed. (Returns an object: a promise returned from an async function would be awaited at once.)
 */
async function watchSession(id: string): Promise<{ idle: () => Promise<void> }> {
  const response = await fetch(`${sandbox.url}/v1/sessions/${id}/events/stream`, {
    headers: {
      'x-api-key': DEFAULT_SANDBOX_API_KEY,
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'managed-agents-2026-04-01',
    },
  });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream())
    .getReader();
  return {
    async idle() {
      let seen = '';
      while (!seen.includes('event: session.status_idle\n')) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the event stream of ${id} ended before session.status_idle`);
        seen += value;
      }
      await reader.cancel();
    },
  };
}

describe('the seed capability over Streamable HTTP', () => {
  it('initializes with the expose description as instructions and the capability as server info', () => {
    expect(client.getInstructions()).toBe('MCP adapter for Managed Agents — Sessions.');
    expect(client.getServerVersion()).toEqual({
      name: 'managed-agents-sessions-mcp',
      title: 'Anthropic Managed Agents API — Sessions',
      version: '2026-05-22',
    });
    expect(client.getServerCapabilities()).toEqual({ tools: { listChanged: true }, logging: {} });
  });

  it('lists the five tools with their schemas and annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools).toMatchInlineSnapshot(`
      [
        {
          "annotations": {
            "destructiveHint": false,
            "idempotentHint": false,
            "readOnlyHint": false,
          },
          "description": "Anthropic Create Session",
          "inputSchema": {
            "properties": {
              "body": {
                "description": "JSON request body of Anthropic Create Session.",
                "type": "object",
              },
            },
            "required": [
              "body",
            ],
            "type": "object",
          },
          "name": "anthropic-create-session",
        },
        {
          "annotations": {
            "destructiveHint": false,
            "idempotentHint": true,
            "readOnlyHint": true,
          },
          "description": "Anthropic List Sessions",
          "inputSchema": {
            "properties": {
              "agent_id": {
                "description": "The "agent_id" query parameter of Anthropic List Sessions.",
                "type": "string",
              },
              "status": {
                "description": "The "status" query parameter of Anthropic List Sessions.",
                "type": "string",
              },
            },
            "type": "object",
          },
          "name": "anthropic-list-sessions",
        },
        {
          "annotations": {
            "destructiveHint": false,
            "idempotentHint": true,
            "readOnlyHint": true,
          },
          "description": "Anthropic Get Session",
          "inputSchema": {
            "properties": {
              "session_id": {
                "description": "The "session_id" path parameter of Anthropic Get Session.",
                "type": "string",
              },
            },
            "required": [
              "session_id",
            ],
            "type": "object",
          },
          "name": "anthropic-get-session",
        },
        {
          "annotations": {
            "destructiveHint": false,
            "idempotentHint": false,
            "readOnlyHint": false,
          },
          "description": "Anthropic Send Session Events",
          "inputSchema": {
            "properties": {
              "body": {
                "description": "JSON request body of Anthropic Send Session Events.",
                "type": "object",
              },
              "session_id": {
                "description": "The "session_id" path parameter of Anthropic Send Session Events.",
                "type": "string",
              },
            },
            "required": [
              "session_id",
              "body",
            ],
            "type": "object",
          },
          "name": "anthropic-send-session-events",
        },
        {
          "annotations": {
            "destructiveHint": true,
            "idempotentHint": true,
            "readOnlyHint": false,
          },
          "description": "Anthropic Delete Session",
          "inputSchema": {
            "properties": {
              "session_id": {
                "description": "The "session_id" path parameter of Anthropic Delete Session.",
                "type": "string",
              },
            },
            "required": [
              "session_id",
            ],
            "type": "object",
          },
          "name": "anthropic-delete-session",
        },
      ]
    `);
  });

  it('creates a session: the sandbox sees the exact method, path, headers and body', async () => {
    sandbox.clearRequests();
    const result = (await client.callTool({
      name: 'anthropic-create-session',
      arguments: { body: { agent: 'agent_011test', environment_id: 'env_011test', metadata: { k: 'v' } } },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const session = result.structuredContent as Record<string, unknown>;
    expect(session).toMatchObject({ type: 'session', status: 'idle', metadata: { k: 'v' } });
    expect(JSON.parse(text(result))).toEqual(session);
    expect(sandbox.requests).toHaveLength(1);
    const [request] = sandbox.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/sessions' });
    expect(request?.json).toEqual({
      agent: 'agent_011test',
      environment_id: 'env_011test',
      metadata: { k: 'v' },
    });
    expect(request?.headers).toMatchObject({
      'x-api-key': DEFAULT_SANDBOX_API_KEY,
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'managed-agents-2026-04-01',
      'content-type': 'application/json',
    });
  });

  it('gets, lists, sends events to and deletes a session', async () => {
    const id = await createSession();
    const stream = await watchSession(id);
    sandbox.clearRequests();

    const got = (await client.callTool({
      name: 'anthropic-get-session',
      arguments: { session_id: id },
    })) as CallToolResult;
    expect(got.structuredContent).toMatchObject({ id, title: 'first' });

    const listed = (await client.callTool({
      name: 'anthropic-list-sessions',
      arguments: { agent_id: 'agent_011test' },
    })) as CallToolResult;
    expect((listed.structuredContent as { data: { id: string }[] }).data.map((s) => s.id)).toEqual([id]);

    const sent = (await client.callTool({
      name: 'anthropic-send-session-events',
      arguments: {
        session_id: id,
        body: { events: [{ type: 'user.message', content: [{ type: 'text', text: 'hi' }] }] },
      },
    })) as CallToolResult;
    expect(sent.isError).toBeFalsy();
    expect((sent.structuredContent as { data: { type: string }[] }).data[0]?.type).toBe('user.message');
    // The message starts a scripted turn; the API allows the delete only once the turn is over.
    await stream.idle();

    const deleted = (await client.callTool({
      name: 'anthropic-delete-session',
      arguments: { session_id: id },
    })) as CallToolResult;
    expect(deleted.structuredContent).toEqual({ id, type: 'session_deleted' });

    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/sessions/${id}`,
      'GET /v1/sessions',
      `POST /v1/sessions/${id}/events`,
      `DELETE /v1/sessions/${id}`,
    ]);
    expect(sandbox.requests[1]?.query).toEqual({ agent_id: ['agent_011test'] });
    expect(sandbox.requests[2]?.json).toEqual({
      events: [{ type: 'user.message', content: [{ type: 'text', text: 'hi' }] }],
    });
    for (const request of sandbox.requests)
      expect(request.headers['x-api-key']).toBe(DEFAULT_SANDBOX_API_KEY);
  });

  it('percent-encodes a hostile session id into one path segment', async () => {
    sandbox.clearRequests();
    const result = (await client.callTool({
      name: 'anthropic-get-session',
      arguments: { session_id: '../../v1/sessions?x=1' },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(sandbox.requests[0]?.path).toBe('/v1/sessions/..%2F..%2Fv1%2Fsessions%3Fx%3D1');
  });

  it('reports an upstream 404 as a tool error with status, error type and message', async () => {
    const result = (await client.callTool({
      name: 'anthropic-get-session',
      arguments: { session_id: 'sesn_missing' },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^Upstream error: HTTP 404 not_found_error: .*sesn_missing/);
    expect(result._meta).toMatchObject({
      'io.naftiko/upstream': { status: 404, errorType: 'not_found_error' },
    });
    expect(result.structuredContent).toBeUndefined();
  });

  it('refuses invalid arguments without calling upstream, naming each bad field', async () => {
    sandbox.clearRequests();
    const result = (await client.callTool({
      name: 'anthropic-send-session-events',
      arguments: { session_id: 42, body: 'not an object' },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatchInlineSnapshot(`
      "Invalid arguments for tool "anthropic-send-session-events":
      - "session_id" must be a string
      - "body" must be an object
      Fix these arguments and call the tool again."
    `);
    const missing = (await client.callTool({
      name: 'anthropic-get-session',
      arguments: {},
    })) as CallToolResult;
    expect(text(missing)).toContain('"session_id" is required');
    expect(sandbox.requests).toHaveLength(0);
  });

  it('answers an unknown tool with a JSON-RPC invalid-params error', async () => {
    // The code once, as the client prefixes it: not `MCP error -32602: MCP error -32602: ...`.
    await expect(client.callTool({ name: 'anthropic-nope', arguments: {} })).rejects.toThrow(
      /^MCP error -32602: Unknown tool "anthropic-nope". Available tools: anthropic-create-session/,
    );
  });

  it('logs one line per call with tool, upstream status and duration, never the arguments', async () => {
    await createSession();
    await client.callTool({ name: 'anthropic-get-session', arguments: { session_id: 'sesn_secret_arg' } });
    const calls = mcp.logs.filter((line) => line.message === 'mcp tools/call');
    expect(calls.map((line) => ({ ...line.fields, durationMs: typeof line.fields?.durationMs }))).toEqual([
      {
        expose: 'managed-agents-sessions-mcp',
        tool: 'anthropic-create-session',
        outcome: 'ok',
        status: 200,
        durationMs: 'number',
      },
      {
        expose: 'managed-agents-sessions-mcp',
        tool: 'anthropic-get-session',
        outcome: 'upstream-error',
        status: 404,
        code: 'UPSTREAM_STATUS',
        durationMs: 'number',
      },
    ]);
    expect(JSON.stringify(mcp.logs)).not.toContain('sesn_secret_arg');
    expect(JSON.stringify(mcp.logs)).not.toContain(DEFAULT_SANDBOX_API_KEY);
  });

  it('sends failed calls to the client as log messages, and every call once it asks for info', async () => {
    const messages: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      messages.push(notification.params);
    });
    const id = await createSession();
    await client.callTool({ name: 'anthropic-get-session', arguments: { session_id: 'sesn_missing' } });
    expect(messages).toEqual([
      {
        level: 'warning',
        logger: 'managed-agents-sessions-mcp',
        data: expect.objectContaining({
          tool: 'anthropic-get-session',
          outcome: 'upstream-error',
          status: 404,
        }),
      },
    ]);
    await client.setLoggingLevel('info');
    await client.callTool({ name: 'anthropic-get-session', arguments: { session_id: id } });
    expect(messages[1]).toMatchObject({
      level: 'info',
      data: { tool: 'anthropic-get-session', outcome: 'ok', status: 200 },
    });
    await client.setLoggingLevel('error');
    await client.callTool({ name: 'anthropic-get-session', arguments: { session_id: 'sesn_missing' } });
    expect(messages).toHaveLength(2);
  });

  it('reports an unreachable upstream as a clear tool error', async () => {
    await sandbox.close();
    const result = (await client.callTool({
      name: 'anthropic-get-session',
      arguments: { session_id: 'sesn_x' },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(
      /^Upstream unavailable: .*cannot reach http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/,
    );
  });
});
