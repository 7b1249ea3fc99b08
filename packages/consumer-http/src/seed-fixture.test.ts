import { fileURLToPath } from 'node:url';
import { createCapability, createEngine, type Engine, type ExposerV1, type StreamEvent } from '@naftiko/core';
import { createSandbox, type Sandbox } from '@naftiko/sandbox';
import { validateCapability } from '@naftiko/spec';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createHttpConsumer } from './create-http-consumer.js';

const SEED = fileURLToPath(new URL('../../../capabilities/managed-agents-sessions.yaml', import.meta.url));
const API_KEY = 'sk-ant-sandbox-test-key';
const NS = 'managed-agents-sessions';

// The seed also exposes an MCP server; this package only tests the consumed side, so the `mcp`
// type is registered with an exposer that listens nowhere.
const idleMcpExposer: ExposerV1 = {
  specificationVersion: 'v1',
  type: 'mcp',
  doCreate: () => ({ doStart: async () => [], doStop: async () => {} }),
};

let sandbox: Sandbox;
let engine: Engine;

beforeEach(async () => {
  sandbox = await createSandbox({ apiKey: API_KEY, replyDelayMs: 1 });
  const validation = validateCapability({ path: SEED });
  expect(validation.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!validation.value) throw new Error('the seed fixture must validate');
  engine = createEngine({
    capability: createCapability(validation.value),
    consumers: [createHttpConsumer()],
    exposers: [idleMcpExposer],
    env: { ANTHROPIC_API_KEY: API_KEY },
    overrides: { baseUri: { [NS]: sandbox.url } },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  await engine.start();
});

afterEach(async () => {
  await engine.stop();
  await sandbox.close();
});

async function json(target: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await engine.invoke(`${NS}.${target}`, args);
  if (result.type !== 'json') throw new Error(`expected json from ${target}, got ${result.type}`);
  return result.value as Record<string, unknown>;
}

describe('the seed capability against the sandbox', () => {
  test('createsession sends exactly POST /v1/sessions with the key, version, beta and the body', async () => {
    const body = {
      agent: 'agent_011CZkYpogX7uDKUyvBTophP',
      environment_id: 'env_011',
      title: 'He said "hi"\n',
    };
    const session = await json('createsession', { body });
    expect(session).toMatchObject({ type: 'session', title: body.title, environment_id: 'env_011' });
    expect(sandbox.requests).toHaveLength(1);
    const request = sandbox.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/sessions');
    expect(request.query).toEqual({});
    expect(request.headers['x-api-key']).toBe(API_KEY);
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.headers['anthropic-beta']).toBe('managed-agents-2026-04-01');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.json).toEqual(body);
  });

  test('all seven operations, including the event stream', async () => {
    const created = await json('createsession', { body: { agent: 'agent_1', environment_id: 'env_1' } });
    const id = created.id as string;
    expect(id).toMatch(/^sesn_/);

    const listed = await json('listsessions', { agent_id: 'agent_1' });
    expect((listed.data as { id: string }[]).map((s) => s.id)).toEqual([id]);
    expect(sandbox.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/v1/sessions',
      query: { agent_id: ['agent_1'] },
    });

    expect(await json('getsession', { session_id: id })).toMatchObject({ id, status: 'idle' });
    expect(sandbox.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/sessions/${id}` });

    expect(await json('updatesession', { session_id: id, body: { title: 'renamed' } })).toMatchObject({
      id,
      title: 'renamed',
    });
    expect(sandbox.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `/v1/sessions/${id}`,
      json: { title: 'renamed' },
    });

    // The stream answers only new events: open it, then drive the session.
    const stream = await engine.invoke(`${NS}.streamsession`, { session_id: id });
    expect(stream.type).toBe('stream');
    if (stream.type !== 'stream') return;
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    expect(sandbox.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/sessions/${id}/stream` });

    const sent = await json('sendsessionevents', {
      session_id: id,
      body: { events: [{ type: 'user.message', content: [{ type: 'text', text: 'ping "quoted"' }] }] },
    });
    expect((sent.data as { type: string }[])[0]?.type).toBe('user.message');

    const seen: StreamEvent[] = [];
    for await (const event of stream.events) {
      if (event.event === 'ping') continue;
      seen.push(event);
      if (event.event === 'session.status_idle') break;
    }
    const types = seen.map((event) => event.event);
    expect(types).toContain('agent.message');
    const reply = seen.find((event) => event.event === 'agent.message');
    expect(JSON.parse(reply?.data ?? '{}').content[0].text).toContain('ping "quoted"');
    // Leaving the loop closed the upstream stream.
    for (let i = 0; i < 50 && sandbox.openStreams > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sandbox.openStreams).toBe(0);

    expect(await json('deletesession', { session_id: id })).toEqual({ id, type: 'session_deleted' });
    expect(sandbox.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `/v1/sessions/${id}` });
    await expect(engine.invoke(`${NS}.getsession`, { session_id: id })).rejects.toMatchObject({
      code: 'UPSTREAM_STATUS',
      data: { operation: `${NS}.getsession`, status: 404, errorType: 'not_found_error' },
    });
    for (const request of sandbox.requests) {
      expect(request.headers['x-api-key']).toBe(API_KEY);
      expect(request.headers['anthropic-beta']).toBe('managed-agents-2026-04-01');
    }
  });

  test('a session id cannot climb out of /v1/sessions', async () => {
    await expect(engine.invoke(`${NS}.getsession`, { session_id: '../v1/sessions' })).rejects.toMatchObject({
      code: 'UPSTREAM_STATUS',
      data: { status: 404 },
    });
    expect(sandbox.requests.at(-1)?.path).toBe('/v1/sessions/..%2Fv1%2Fsessions');
  });
});
