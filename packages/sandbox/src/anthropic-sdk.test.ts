// Drives the sandbox through the official TypeScript SDK: if the SDK's own requests, pagination,
// SSE parsing and error mapping work against it, the sandbox is faithful to the wire format.
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './create-sandbox.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function clientFor(target: Sandbox, options: ConstructorParameters<typeof Anthropic>[0] = {}): Anthropic {
  return new Anthropic({ apiKey: 'sk-ant-sandbox', baseURL: target.url, maxRetries: 0, ...options });
}

describe('@anthropic-ai/sdk against the sandbox', () => {
  it('creates, retrieves, updates, streams a turn, lists history and deletes', async () => {
    sandbox = await createSandbox({ replyDelayMs: 5, reply: (text) => `SDK heard: ${text}` });
    const client = clientFor(sandbox);
    const sessions = client.beta.sessions;

    const created = await sessions.create({
      agent: 'agent_011sdk',
      environment_id: 'env_011sdk',
      title: 'via sdk',
      metadata: { source: 'sdk' },
    });
    expect(created.id).toMatch(/^sesn_/);
    expect(created.status).toBe('idle');

    const retrieved = await sessions.retrieve(created.id);
    expect(retrieved.title).toBe('via sdk');

    const updated = await sessions.update(created.id, {
      title: 'renamed',
      metadata: { source: null, extra: 'x' },
    });
    expect(updated.title).toBe('renamed');
    expect(updated.metadata).toEqual({ extra: 'x' });

    const stream = await sessions.events.stream(created.id);
    const sent = await sessions.events.send(created.id, {
      events: [{ type: 'user.message', content: [{ type: 'text', text: 'ping' }] }],
    });
    expect(sent.data?.[0]?.type).toBe('user.message');
    const types: string[] = [];
    let reply = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'agent.message') {
        reply = event.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
      }
      if (event.type === 'session.status_idle') {
        expect(event.stop_reason.type).toBe('end_turn');
        break;
      }
    }
    expect(types).toEqual([
      'user.message',
      'session.status_running',
      'span.model_request_start',
      'agent.message',
      'span.model_request_end',
      'session.status_idle',
    ]);
    expect(reply).toBe('SDK heard: ping');

    const history: string[] = [];
    for await (const event of sessions.events.list(created.id, { limit: 2 })) history.push(event.type);
    // The update happened before the stream opened: it is in the history, not on the live stream.
    expect(history).toEqual(['session.updated', ...types]);

    const deleted = await sessions.delete(created.id);
    expect(deleted).toEqual({ id: created.id, type: 'session_deleted' });
    const error = await sessions.retrieve(created.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as InstanceType<typeof Anthropic.NotFoundError>).requestID).toMatch(/^req_/);
    await waitForNoStreams(sandbox);
  });

  it('auto-paginates lists and sends filters in the qs brackets form', async () => {
    sandbox = await createSandbox();
    const client = clientFor(sandbox);
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      ids.push((await client.beta.sessions.create({ agent: 'agent_list', environment_id: 'env_1' })).id);
    }
    await client.beta.sessions.create({ agent: 'agent_other', environment_id: 'env_1' });
    sandbox.clearRequests();

    const listed: string[] = [];
    for await (const session of client.beta.sessions.list({
      limit: 2,
      agent_id: 'agent_list',
      statuses: ['idle', 'running'],
      'created_at[gte]': '2000-01-01T00:00:00Z',
    })) {
      listed.push(session.id);
    }
    expect(listed).toEqual([...ids].reverse());
    expect(sandbox.requests).toHaveLength(3);
    const first = sandbox.requests[0];
    expect(first?.query).toMatchObject({
      limit: ['2'],
      agent_id: ['agent_list'],
      'statuses[]': ['idle', 'running'],
      'created_at[gte]': ['2000-01-01T00:00:00Z'],
    });
    expect(sandbox.requests[1]?.query.page?.[0]).toMatch(/^page_/);

    const page = await client.beta.sessions.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.hasNextPage()).toBe(true);
    const next = await page.getNextPage();
    expect(next.prev_page).toMatch(/^page_/);
  });

  it('sends Bearer auth, anthropic-version 2026-10-21 and the beta flag (SDK 1.x headers)', async () => {
    sandbox = await createSandbox();
    const client = clientFor(sandbox);
    await client.beta.sessions.create({ agent: 'agent_h', environment_id: 'env_h' });
    const headers = sandbox.requests[0]?.headers ?? {};
    expect(headers.authorization).toBe('Bearer sk-ant-sandbox');
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers['anthropic-version']).toBe('2026-10-21');
    expect(headers['anthropic-beta']).toBe('managed-agents-2026-04-01');
    expect(headers['user-agent']).toMatch(/^Anthropic\/JS 1\./);
  });

  it('accepts the legacy version header and extra betas', async () => {
    sandbox = await createSandbox();
    const client = clientFor(sandbox, { defaultHeaders: { 'anthropic-version': '2023-06-01' } });
    const session = await client.beta.sessions.create({
      agent: 'agent_l',
      environment_id: 'env_l',
      betas: ['files-api-2025-04-14'],
    });
    expect(session.id).toMatch(/^sesn_/);
    expect(sandbox.requests[0]?.headers['anthropic-version']).toBe('2023-06-01');
    expect(sandbox.requests[0]?.headers['anthropic-beta']).toBe(
      'files-api-2025-04-14,managed-agents-2026-04-01',
    );
  });

  it('maps sandbox errors onto the SDK error classes', async () => {
    sandbox = await createSandbox();
    const wrongKey = clientFor(sandbox, { apiKey: 'sk-ant-wrong' });
    await expect(wrongKey.beta.sessions.list()).rejects.toBeInstanceOf(Anthropic.AuthenticationError);

    const client = clientFor(sandbox);
    // Deliberately invalid params, as a careless caller would send them.
    const params = { environment_id: 'env_1' } as unknown as Parameters<
      typeof client.beta.sessions.create
    >[0];
    const invalid = await client.beta.sessions.create(params).catch((error) => error);
    expect(invalid).toBeInstanceOf(Anthropic.BadRequestError);
    expect(invalid.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(invalid.error.error.message).toMatch(/^agent: Field required/);
  });

  it('archives through the SDK', async () => {
    sandbox = await createSandbox();
    const client = clientFor(sandbox);
    const session = await client.beta.sessions.create({ agent: 'agent_a', environment_id: 'env_a' });
    const archived = await client.beta.sessions.archive(session.id);
    expect(archived.status).toBe('terminated');
    expect(archived.archived_at).not.toBeNull();
  });
});

async function waitForNoStreams(target: Sandbox): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (target.openStreams > 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(target.openStreams).toBe(0);
}
