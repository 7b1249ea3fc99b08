// The full sessions example, validated and driven through a real engine and the official MCP
// client against the sandbox upstream.
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  type CallToolResult,
  CallToolResultSchema,
  type Progress,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import { createHttpConsumer } from '@naftiko/consumer-http';
import { createEngine, type Engine, loadCapability } from '@naftiko/core';
import { createMcpExposer } from '@naftiko/exposer-mcp';
import { createSandbox, DEFAULT_SANDBOX_API_KEY, type Sandbox } from '@naftiko/sandbox';
import { validateCapability } from '@naftiko/spec';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';

const FILE = fileURLToPath(new URL('./capability.yaml', import.meta.url));

let sandbox: Sandbox;
let engine: Engine;
let client: Client;

beforeAll(async () => {
  sandbox = await createSandbox({ replyDelayMs: 5 });
  const { capability, diagnostics } = loadCapability(FILE);
  if (!capability) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  engine = createEngine({
    capability,
    // A turn of the sandbox agent is six events: the stream tool returns after them.
    exposers: [createMcpExposer({ maxStreamEvents: 6, maxStreamDurationMs: 10_000 })],
    consumers: [createHttpConsumer()],
    env: { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY },
    overrides: { baseUri: { 'sessions-api': sandbox.url }, port: { 'managed-agents': 0 } },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const [listener] = await engine.start();
  client = new Client({ name: 'example-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(listener?.url as string)));
});

afterAll(async () => {
  await client?.close();
  await engine?.stop();
  await sandbox?.close();
});

async function call(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as Record<string, unknown>;
}

/** The text of a read resource's first content; fails the test on a blob or an empty read. */
function textOf(result: ReadResourceResult): string {
  const [content] = result.contents;
  assert(content && 'text' in content, `expected a text content, got ${JSON.stringify(result.contents)}`);
  return content.text;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('examples/managed-agents-full', () => {
  it('is valid in the official dialect, even with --strict', () => {
    expect(validateCapability({ path: FILE, dialect: 'official', strict: true }).diagnostics).toEqual([]);
    expect(loadCapability(FILE).diagnostics).toEqual([]);
  });

  it('exposes every sessions operation as a tool, the stream included', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => [tool.name, tool.annotations?.readOnlyHint ?? false])).toEqual([
      ['create-session', false],
      ['list-sessions', true],
      ['get-session', true],
      ['update-session', false],
      ['delete-session', false],
      ['archive-session', false],
      ['send-session-events', false],
      ['list-session-events', true],
      ['stream-session-events', true],
    ]);
    const list = tools.find((tool) => tool.name === 'list-sessions');
    expect(list?.inputSchema).toMatchObject({
      properties: { agent_version: { type: 'integer' }, include_archived: { type: 'boolean' } },
    });
    expect(list?.inputSchema.required).toBeUndefined();
  });

  it('runs a session through its whole life on the real paths', async () => {
    sandbox.clearRequests();
    const session = await call('create-session', {
      body: { agent: 'agent_011full', environment_id: 'env_011full', title: 'full example' },
    });
    const id = session.id as string;
    expect(await call('get-session', { session_id: id })).toMatchObject({ id, status: 'idle' });
    const listed = await call('list-sessions', {
      agent_id: 'agent_011full',
      limit: 10,
      include_archived: false,
    });
    expect((listed.data as { id: string }[]).map((s) => s.id)).toEqual([id]);
    expect(await call('update-session', { session_id: id, body: { title: 'renamed' } })).toMatchObject({
      title: 'renamed',
    });

    // Open the stream first (it is live only), then send the user message.
    const progress: Progress[] = [];
    const streamed = client.callTool(
      { name: 'stream-session-events', arguments: { session_id: id } },
      CallToolResultSchema,
      {
        onprogress: (update) => progress.push(update),
      },
    );
    await until(() => sandbox.openStreams === 1, 'the event stream to open');
    await call('send-session-events', {
      session_id: id,
      body: { events: [{ type: 'user.message', content: [{ type: 'text', text: 'Where is order 1234?' }] }] },
    });
    const turn = ((await streamed) as CallToolResult).structuredContent as {
      events: { event: string; data: { content?: { text: string }[] } }[];
      endedBy: string;
    };
    expect(turn.endedBy).toBe('max-events');
    expect(turn.events.map((event) => event.event)).toContain('agent.message');
    expect(progress.find((p) => p.message?.startsWith('agent.message:'))?.message).toBe(
      'agent.message: Sandbox agent received: Where is order 1234?',
    );

    const history = await call('list-session-events', { session_id: id, limit: 100 });
    expect((history.data as { type: string }[]).map((event) => event.type)).toContain('agent.message');
    expect(await call('archive-session', { session_id: id })).toMatchObject({ id, status: 'terminated' });

    const other = await call('create-session', {
      body: { agent: 'agent_011full', environment_id: 'env_011full' },
    });
    expect(await call('delete-session', { session_id: other.id })).toEqual({
      id: other.id,
      type: 'session_deleted',
    });

    expect(
      sandbox.requests.map(
        (r) => `${r.method} ${r.path.replace(id, '{id}').replace(other.id as string, '{other}')}`,
      ),
    ).toEqual([
      'POST /v1/sessions',
      'GET /v1/sessions/{id}',
      'GET /v1/sessions',
      'POST /v1/sessions/{id}',
      'GET /v1/sessions/{id}/events/stream',
      'POST /v1/sessions/{id}/events',
      'GET /v1/sessions/{id}/events',
      'POST /v1/sessions/{id}/archive',
      'POST /v1/sessions',
      'DELETE /v1/sessions/{other}',
    ]);
    const listRequest = sandbox.requests[2];
    expect(listRequest?.query).toEqual({
      agent_id: ['agent_011full'],
      limit: ['10'],
      include_archived: ['false'],
    });
    for (const request of sandbox.requests) {
      expect(request.headers).toMatchObject({
        'x-api-key': DEFAULT_SANDBOX_API_KEY,
        'anthropic-version': '2023-06-01',
        'anthropic-beta': 'managed-agents-2026-04-01',
      });
    }
  });

  it('serves a session as a resource and the run-task prompt', async () => {
    const session = await call('create-session', { body: { agent: 'agent_r', environment_id: 'env_r' } });
    const read = await client.readResource({ uri: `managed-agents://sessions/${session.id}` });
    expect(JSON.parse(textOf(read))).toMatchObject({ id: session.id });
    const prompt = await client.getPrompt({
      name: 'run-task',
      arguments: { agent_id: 'agent_r', environment_id: 'env_r', task: 'Check the build' },
    });
    expect(prompt.messages[0]?.content).toMatchObject({
      type: 'text',
      text: expect.stringContaining('send it this task as a user.message: "Check the build"'),
    });
  });
});
