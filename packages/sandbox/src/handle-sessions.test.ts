import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './create-sandbox.js';
import { call, createSession, openSse, userMessage } from './test-support.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('sessions', () => {
  it('creates a realistic idle session and retrieves it', async () => {
    sandbox = await createSandbox();
    const created = await createSession(sandbox, { title: 'Order help', metadata: { ticket: 'T-1' } });
    expect(created.status).toBe(200);
    const session = created.json;
    expect(session.id).toMatch(/^sesn_011[0-9A-Za-z]{21}$/);
    expect(session).toMatchObject({
      type: 'session',
      status: 'idle',
      title: 'Order help',
      metadata: { ticket: 'T-1' },
      environment_id: 'env_011test',
      agent: { type: 'agent', id: 'agent_011test', version: 1, multiagent: null },
      resources: [],
      vault_ids: [],
      archived_at: null,
      budget: null,
      outcome_evaluations: [],
      usage: { input_tokens: 0, output_tokens: 0 },
      deployment_id: null,
    });
    expect(session.created_at).toMatch(RFC3339);
    expect(session.updated_at).toBe(session.created_at);
    expect(Object.keys(session.stats)).toEqual(['active_seconds', 'duration_seconds']);

    const retrieved = await call(sandbox, { path: `/v1/sessions/${session.id}` });
    expect(retrieved.status).toBe(200);
    expect({ ...retrieved.json, stats: undefined }).toEqual({ ...session, stats: undefined });
  });

  it('snapshots agent references with a version and with overrides', async () => {
    sandbox = await createSandbox();
    const pinned = await createSession(sandbox, { agent: { type: 'agent', id: 'agent_pinned', version: 3 } });
    expect(pinned.json.agent).toMatchObject({ id: 'agent_pinned', version: 3 });
    const overridden = await createSession(sandbox, {
      agent: {
        type: 'agent_with_overrides',
        id: 'agent_o',
        model: 'claude-sonnet-5',
        system: 'Be brief.',
        tools: [{ type: 'custom', name: 'lookup', description: 'd', input_schema: { type: 'object' } }],
      },
    });
    expect(overridden.json.agent).toMatchObject({
      id: 'agent_o',
      model: { id: 'claude-sonnet-5' },
      system: 'Be brief.',
      tools: [{ type: 'custom', name: 'lookup' }],
    });
  });

  it('returns resources with server ids and never echoes an authorization token', async () => {
    sandbox = await createSandbox();
    const created = await createSession(sandbox, {
      resources: [
        {
          type: 'github_repository',
          url: 'https://github.com/o/repo',
          authorization_token: 'ghp_secret_token',
          checkout: { type: 'branch', name: 'main' },
        },
        { type: 'file', file_id: 'file_1' },
        { type: 'memory_store', memory_store_id: 'memstore_1' },
      ],
    });
    expect(created.status).toBe(200);
    expect(JSON.stringify(created.json)).not.toContain('ghp_secret_token');
    expect(created.json.resources).toMatchObject([
      { type: 'github_repository', url: 'https://github.com/o/repo', mount_path: '/workspace/repo' },
      { type: 'file', file_id: 'file_1', mount_path: '/mnt/session/uploads/file_1' },
      { type: 'memory_store', memory_store_id: 'memstore_1', access: 'read_write' },
    ]);
    expect(created.json.resources[0].id).toMatch(/^sesrsc_/);
  });

  it.each([
    [{ environment_id: 'env_1' }, /^agent: Field required/],
    [{ agent: 'agent_1' }, /^environment_id: Field required/],
    [{ agent: '', environment_id: 'env_1' }, /^agent: must not be empty/],
    [
      { agent: 42, environment_id: 'env_1' },
      /^agent: expected an agent id string or an object, got a number/,
    ],
    [{ agent: { type: 'agent' }, environment_id: 'env_1' }, /^agent\.id: Field required/],
    [{ agent: { type: 'robot', id: 'a' }, environment_id: 'env_1' }, /^agent\.type: expected one of/],
    [{ agent: 'a', environment_id: 'e', title: 5 }, /^title: expected a string or null/],
    [{ agent: 'a', environment_id: 'e', metadata: { k: 1 } }, /^metadata\.k: expected a string/],
    [{ agent: 'a', environment_id: 'e', surprise: true }, /^surprise: Extra inputs are not permitted/],
    [
      { agent: 'a', environment_id: 'e', resources: [{ type: 'disk' }] },
      /^resources\[0\]\.type: expected one of/,
    ],
    [
      { agent: 'a', environment_id: 'e', initial_events: [{ type: 'user.interrupt' }] },
      /^initial_events\[0\]\.type: expected one of "user\.message", "user\.define_outcome"/,
    ],
    [
      {
        agent: 'a',
        environment_id: 'e',
        metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])),
      },
      /^metadata: at most 16 key-value pairs/,
    ],
    [
      { agent: 'a', environment_id: 'e', budget: { type: 'limit' } },
      /^budget\.max_list_cost: expected an object/,
    ],
    [[], /^body: expected an object, got an array/],
  ])('rejects an invalid create body %j with 400 naming the field', async (body, message) => {
    sandbox = await createSandbox();
    const response = await call(sandbox, { method: 'POST', path: '/v1/sessions', body });
    expect(response.status).toBe(400);
    expect(response.json.error.type).toBe('invalid_request_error');
    expect(response.json.error.message).toMatch(message);
  });

  it('rejects a create without a body', async () => {
    sandbox = await createSandbox();
    const response = await call(sandbox, { method: 'POST', path: '/v1/sessions' });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toBe('body: expected an object, got nothing');
  });

  it('updates title, patches metadata (null deletes) and replaces agent tools', async () => {
    sandbox = await createSandbox();
    const { json: session } = await createSession(sandbox, { metadata: { keep: '1', drop: '2' } });
    const stream = await openSse(sandbox, { path: `/v1/sessions/${session.id}/events/stream` });
    const updated = await call(sandbox, {
      method: 'POST',
      path: `/v1/sessions/${session.id}`,
      body: { title: 'Renamed', metadata: { drop: null, added: '3' }, agent: { tools: [] } },
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({
      title: 'Renamed',
      metadata: { keep: '1', added: '3' },
      agent: { tools: [] },
    });
    expect(updated.json.metadata).not.toHaveProperty('drop');
    expect(Date.parse(updated.json.updated_at)).toBeGreaterThanOrEqual(Date.parse(session.updated_at));
    const frame = await stream.next();
    expect(frame?.event).toBe('session.updated');
    expect(frame?.json).toMatchObject({
      type: 'session.updated',
      title: 'Renamed',
      metadata: { keep: '1', added: '3' },
    });
    stream.close();

    const retrieved = await call(sandbox, { path: `/v1/sessions/${session.id}` });
    expect(retrieved.json.metadata).toEqual({ keep: '1', added: '3' });
    const untouched = await call(sandbox, { method: 'POST', path: `/v1/sessions/${session.id}`, body: {} });
    expect(untouched.json.title).toBe('Renamed');
  });

  it('rejects invalid updates naming the field', async () => {
    sandbox = await createSandbox();
    const { json: session } = await createSession(sandbox);
    const path = `/v1/sessions/${session.id}`;
    const vault = await call(sandbox, { method: 'POST', path, body: { vault_ids: ['vlt_1'] } });
    expect(vault.json.error.message).toMatch(/^vault_ids: updating vault_ids is not supported/);
    const agent = await call(sandbox, { method: 'POST', path, body: { agent: { model: 'x' } } });
    expect(agent.json.error.message).toBe('agent.model: Extra inputs are not permitted');
    const missing = await call(sandbox, { method: 'POST', path: '/v1/sessions/sesn_nope', body: {} });
    expect(missing.status).toBe(404);
  });

  it('deletes a session: the answer is session_deleted and the id is gone', async () => {
    sandbox = await createSandbox();
    const { json: session } = await createSession(sandbox);
    const deleted = await call(sandbox, { method: 'DELETE', path: `/v1/sessions/${session.id}` });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ id: session.id, type: 'session_deleted' });
    expect((await call(sandbox, { path: `/v1/sessions/${session.id}` })).status).toBe(404);
    expect((await call(sandbox, { method: 'DELETE', path: `/v1/sessions/${session.id}` })).status).toBe(404);
  });

  it('archives a session: terminated, archived_at set, read-only, hidden from the default list', async () => {
    sandbox = await createSandbox();
    const { json: session } = await createSession(sandbox);
    const archived = await call(sandbox, { method: 'POST', path: `/v1/sessions/${session.id}/archive` });
    expect(archived.status).toBe(200);
    expect(archived.json.status).toBe('terminated');
    expect(archived.json.archived_at).toMatch(RFC3339);
    const again = await call(sandbox, { method: 'POST', path: `/v1/sessions/${session.id}/archive` });
    expect(again.json.archived_at).toBe(archived.json.archived_at);

    const update = await call(sandbox, {
      method: 'POST',
      path: `/v1/sessions/${session.id}`,
      body: { title: 't' },
    });
    expect(update.status).toBe(400);
    expect(update.json.error.message).toContain('is archived and read-only');
    const send = await call(sandbox, {
      method: 'POST',
      path: `/v1/sessions/${session.id}/events`,
      body: { events: [userMessage('hi')] },
    });
    expect(send.status).toBe(400);
    expect(send.json.error.message).toContain('is archived');

    expect((await call(sandbox, { path: '/v1/sessions' })).json.data).toEqual([]);
    const all = await call(sandbox, { path: '/v1/sessions?include_archived=true' });
    expect(all.json.data.map((item: { id: string }) => item.id)).toEqual([session.id]);
    const history = await call(sandbox, { path: `/v1/sessions/${session.id}/events` });
    expect(history.json.data.map((event: { type: string }) => event.type)).toEqual([
      'session.status_terminated',
    ]);
  });

  it('refuses to delete or archive a running session with 400', async () => {
    sandbox = await createSandbox({ replyDelayMs: 200 });
    const { json: session } = await createSession(sandbox);
    const stream = await openSse(sandbox, { path: `/v1/sessions/${session.id}/events/stream` });
    await call(sandbox, {
      method: 'POST',
      path: `/v1/sessions/${session.id}/events`,
      body: { events: [userMessage('hi')] },
    });
    await stream.until('session.status_running');
    expect((await call(sandbox, { path: `/v1/sessions/${session.id}` })).json.status).toBe('running');

    const deleted = await call(sandbox, { method: 'DELETE', path: `/v1/sessions/${session.id}` });
    expect(deleted.status).toBe(400);
    expect(deleted.json.error.message).toMatch(/^cannot delete session sesn_\w+ while it is running/);
    const archived = await call(sandbox, { method: 'POST', path: `/v1/sessions/${session.id}/archive` });
    expect(archived.status).toBe(400);
    expect(archived.json.error.message).toMatch(/^cannot archive session sesn_\w+ while it is running/);
    const agent = await call(sandbox, {
      method: 'POST',
      path: `/v1/sessions/${session.id}`,
      body: { agent: { tools: [] } },
    });
    expect(agent.status).toBe(400);
    stream.close();
  });

  it('starts running at once when created with initial_events', async () => {
    sandbox = await createSandbox({ replyDelayMs: 0 });
    const created = await createSession(sandbox, { initial_events: [userMessage('kick off')] });
    expect(created.json.status).toBe('running');
    const id = created.json.id;
    for (let i = 0; i < 100; i += 1) {
      const { json } = await call(sandbox, { path: `/v1/sessions/${id}` });
      if (json.status === 'idle') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const history = await call(sandbox, { path: `/v1/sessions/${id}/events` });
    expect(history.json.data.map((event: { type: string }) => event.type)).toEqual([
      'user.message',
      'session.status_running',
      'span.model_request_start',
      'agent.message',
      'span.model_request_end',
      'session.status_idle',
    ]);
    expect(history.json.data[3].content[0].text).toBe('Sandbox agent received: kick off');
    const done = await call(sandbox, { path: `/v1/sessions/${id}` });
    expect(done.json.usage.output_tokens).toBeGreaterThan(0);
  });

  it('creates sessions concurrently without mixing them up', async () => {
    sandbox = await createSandbox();
    const current = sandbox;
    const created = await Promise.all(
      Array.from({ length: 25 }, (_, index) => createSession(current, { title: `s${index}` })),
    );
    const ids = new Set(created.map((response) => response.json.id));
    expect(ids.size).toBe(25);
    const fetched = await Promise.all(
      created.map((response) => call(current, { path: `/v1/sessions/${response.json.id}` })),
    );
    expect(fetched.map((response) => response.json.title)).toEqual(created.map((_, index) => `s${index}`));
  });
});

describe('listing sessions', () => {
  async function seed(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const agent = index % 2 === 0 ? 'agent_even' : 'agent_odd';
      ids.push((await createSession(sandbox as Sandbox, { agent, title: `s${index}` })).json.id);
    }
    return ids;
  }

  it('pages newest first through next_page and back through prev_page', async () => {
    sandbox = await createSandbox();
    const ids = await seed(7);
    const newestFirst = [...ids].reverse();
    const first = await call(sandbox, { path: '/v1/sessions?limit=3' });
    expect(first.json.data.map((s: { id: string }) => s.id)).toEqual(newestFirst.slice(0, 3));
    expect(first.json.prev_page).toBeNull();
    expect(first.json.next_page).toMatch(/^page_/);

    const second = await call(sandbox, { path: `/v1/sessions?limit=3&page=${first.json.next_page}` });
    expect(second.json.data.map((s: { id: string }) => s.id)).toEqual(newestFirst.slice(3, 6));
    const third = await call(sandbox, { path: `/v1/sessions?limit=3&page=${second.json.next_page}` });
    expect(third.json.data.map((s: { id: string }) => s.id)).toEqual(newestFirst.slice(6));
    expect(third.json.next_page).toBeNull();

    const back = await call(sandbox, { path: `/v1/sessions?limit=3&page=${third.json.prev_page}` });
    expect(back.json.data.map((s: { id: string }) => s.id)).toEqual(newestFirst.slice(3, 6));
    const start = await call(sandbox, { path: `/v1/sessions?limit=3&page=${back.json.prev_page}` });
    expect(start.json.data.map((s: { id: string }) => s.id)).toEqual(newestFirst.slice(0, 3));
    expect(start.json.prev_page).toBeNull();
  });

  it('pages oldest first with order=asc and defaults to 20 per page', async () => {
    sandbox = await createSandbox();
    const ids = await seed(22);
    const first = await call(sandbox, { path: '/v1/sessions?order=asc' });
    expect(first.json.data).toHaveLength(20);
    expect(first.json.data[0].id).toBe(ids[0]);
    const rest = await call(sandbox, { path: `/v1/sessions?order=asc&page=${first.json.next_page}` });
    expect(rest.json.data.map((s: { id: string }) => s.id)).toEqual(ids.slice(20));
    expect(rest.json.next_page).toBeNull();
  });

  it('keeps pages stable when sessions are created between requests', async () => {
    sandbox = await createSandbox();
    const ids = await seed(4);
    const first = await call(sandbox, { path: '/v1/sessions?limit=2' });
    await seed(3);
    const second = await call(sandbox, { path: `/v1/sessions?limit=2&page=${first.json.next_page}` });
    expect(second.json.data.map((s: { id: string }) => s.id)).toEqual([ids[1], ids[0]]);
  });

  it('rejects bad limit, order and cursors', async () => {
    sandbox = await createSandbox();
    await seed(3);
    const first = await call(sandbox, { path: '/v1/sessions?limit=1' });
    for (const [query, message] of [
      ['limit=0', /^limit: expected an integer from 1 to 100/],
      ['limit=101', /^limit: expected an integer from 1 to 100/],
      ['limit=abc', /^limit: expected an integer/],
      ['order=up', /^order: expected "asc" or "desc"/],
      ['page=garbage', /^page: invalid page cursor/],
      [`order=asc&page=${first.json.next_page}`, /^page: this cursor was issued for order=desc/],
      ['statuses[]=sleeping', /^statuses\[\]: expected each of idle, running, rescheduling, terminated/],
      ['include_archived=yes', /^include_archived: expected true or false/],
      ['created_at[gte]=yesterday', /^created_at\[gte\]: expected an RFC 3339 time/],
      ['agent_version=2', /^agent_version: only allowed together with agent_id/],
    ] as const) {
      const response = await call(sandbox, { path: `/v1/sessions?${query}` });
      expect(response.status, query).toBe(400);
      expect(response.json.error.message, query).toMatch(message);
    }
  });

  it('filters by agent_id and by statuses in brackets, encoded brackets and repeated keys', async () => {
    sandbox = await createSandbox({ replyDelayMs: 300 });
    const ids = await seed(4);
    const even = await call(sandbox, { path: '/v1/sessions?agent_id=agent_even&order=asc' });
    expect(even.json.data.map((s: { id: string }) => s.id)).toEqual([ids[0], ids[2]]);

    const runningId = ids[1] as string;
    const stream = await openSse(sandbox, { path: `/v1/sessions/${runningId}/events/stream` });
    await call(sandbox, {
      method: 'POST',
      path: `/v1/sessions/${runningId}/events`,
      body: { events: [userMessage('work')] },
    });
    await stream.until('session.status_running');
    for (const query of [
      'statuses[]=running',
      'statuses%5B%5D=running',
      'statuses=running',
      'statuses[0]=running',
    ]) {
      const response = await call(sandbox, { path: `/v1/sessions?${query}` });
      expect(
        response.json.data.map((s: { id: string }) => s.id),
        query,
      ).toEqual([runningId]);
    }
    const both = await call(sandbox, { path: '/v1/sessions?statuses%5B%5D=idle&statuses%5B%5D=running' });
    expect(both.json.data).toHaveLength(4);
    const idle = await call(sandbox, { path: '/v1/sessions?statuses[]=idle&agent_id=agent_odd' });
    expect(idle.json.data.map((s: { id: string }) => s.id)).toEqual([ids[3]]);
    stream.close();
  });

  it('filters by created_at bounds', async () => {
    sandbox = await createSandbox();
    const [early] = await seed(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cut = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [late] = await seed(1);
    const after = await call(sandbox, {
      path: `/v1/sessions?created_at%5Bgte%5D=${encodeURIComponent(cut)}`,
    });
    expect(after.json.data.map((s: { id: string }) => s.id)).toEqual([late]);
    const before = await call(sandbox, { path: `/v1/sessions?created_at[lt]=${encodeURIComponent(cut)}` });
    expect(before.json.data.map((s: { id: string }) => s.id)).toEqual([early]);
  });

  it("ignores unknown query parameters such as the seed capability's status", async () => {
    sandbox = await createSandbox();
    await seed(2);
    const response = await call(sandbox, { path: '/v1/sessions?status=running&beta=true' });
    expect(response.status).toBe(200);
    expect(response.json.data).toHaveLength(2);
  });
});
