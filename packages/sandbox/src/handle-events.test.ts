import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './create-sandbox.js';
import {
  API_HEADERS,
  call,
  createSession,
  openSse,
  type SseFrame,
  userMessage,
  waitFor,
} from './test-support.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TURN = [
  'user.message',
  'session.status_running',
  'span.model_request_start',
  'agent.message',
  'span.model_request_end',
  'session.status_idle',
];

function send(target: Sandbox, sessionId: string, events: unknown[]) {
  return call(target, { method: 'POST', path: `/v1/sessions/${sessionId}/events`, body: { events } });
}

describe('sending events', () => {
  it('echoes sent events with server ids and processed_at null', async () => {
    sandbox = await createSandbox();
    const { json: session } = await createSession(sandbox);
    const response = await send(sandbox, session.id, [userMessage('hi')]);
    expect(response.status).toBe(200);
    expect(response.json.data).toHaveLength(1);
    expect(response.json.data[0]).toEqual({
      type: 'user.message',
      content: [{ type: 'text', text: 'hi' }],
      id: expect.stringMatching(/^sevt_011[0-9A-Za-z]{21}$/),
      processed_at: null,
    });
  });

  it.each([
    [{}, /^events: Field required/],
    [{ events: [] }, /^events: must contain at least one event/],
    [{ events: [{ type: 'user.shout' }] }, /^events\[0\]\.type: expected one of "user\.message"/],
    [{ events: [{ type: 'user.message' }] }, /^events\[0\]\.content: Field required/],
    [{ events: [{ type: 'user.message', content: [] }] }, /^events\[0\]\.content: must contain at least one/],
    [
      { events: [{ type: 'user.message', content: [{ type: 'text' }] }] },
      /^events\[0\]\.content\[0\]\.text: expected a string/,
    ],
    [
      {
        events: [
          userMessage('ok'),
          { type: 'user.tool_confirmation', tool_use_id: 'sevt_1', result: 'maybe' },
        ],
      },
      /^events\[1\]\.result: expected one of "allow", "deny"/,
    ],
    [
      {
        events: [
          { type: 'user.tool_confirmation', tool_use_id: 'sevt_1', result: 'allow', deny_message: 'no' },
        ],
      },
      /^events\[0\]\.deny_message: only allowed when result is "deny"/,
    ],
    [
      { events: [{ type: 'user.interrupt', extra: 1 }] },
      /^events\[0\]\.extra: Extra inputs are not permitted/,
    ],
  ])('rejects %j with 400 naming the field', async (body, message) => {
    sandbox = await createSandbox();
    const { json: session } = await createSession(sandbox);
    const response = await call(sandbox, { method: 'POST', path: `/v1/sessions/${session.id}/events`, body });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(message);
    const history = await call(sandbox, { path: `/v1/sessions/${session.id}/events` });
    expect(history.json.data).toEqual([]);
  });

  it('answers 404 for an unknown session', async () => {
    sandbox = await createSandbox();
    const response = await send(sandbox, 'sesn_unknown', [userMessage('hi')]);
    expect(response.status).toBe(404);
    expect(response.json.error.type).toBe('not_found_error');
  });
});

describe('the event stream', () => {
  it('streams the scripted turn live, one frame at a time, with status reflected in GET', async () => {
    sandbox = await createSandbox({ replyDelayMs: 30, reply: (text) => `echo(${text})` });
    const { json: session } = await createSession(sandbox);
    const stream = await openSse(sandbox, { path: `/v1/sessions/${session.id}/events/stream` });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('request-id')).toMatch(/^req_/);

    const sent = await send(sandbox, session.id, [userMessage('hello')]);
    const frames: SseFrame[] = [];
    for (const type of TURN) {
      const frame = await stream.next();
      expect(frame?.event).toBe(type);
      frames.push(frame as SseFrame);
      if (type === 'session.status_running') {
        // The stream is live: the session is still running while this frame is in hand.
        expect((await call(sandbox, { path: `/v1/sessions/${session.id}` })).json.status).toBe('running');
      }
    }
    for (const frame of frames) {
      expect(frame.json.type).toBe(frame.event);
      expect(frame.json.id).toMatch(/^sevt_/);
      expect(frame.json.processed_at).toMatch(RFC3339);
    }
    const [echo, , start, message, end, idle] = frames.map((frame) => frame.json);
    expect(echo.id).toBe(sent.json.data[0].id);
    expect(message.content).toEqual([{ type: 'text', text: 'echo(hello)' }]);
    expect(end).toMatchObject({ model_request_start_id: start.id, is_error: false });
    expect(end.model_usage).toEqual({
      input_tokens: expect.any(Number),
      output_tokens: expect.any(Number),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });

    const after = await call(sandbox, { path: `/v1/sessions/${session.id}` });
    expect(after.json.status).toBe('idle');
    expect(after.json.usage.output_tokens).toBe(end.model_usage.output_tokens);
    expect(after.json.stats.active_seconds).toBeGreaterThan(0);
    stream.close();
  });

  it('serves the same stream at the seed capability path /stream', async () => {
    sandbox = await createSandbox({ replyDelayMs: 0 });
    const { json: session } = await createSession(sandbox);
    const stream = await openSse(sandbox, { path: `/v1/sessions/${session.id}/stream` });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await send(sandbox, session.id, [userMessage('seed')]);
    const frames = await stream.until('session.status_idle');
    expect(frames.map((frame) => frame.event)).toEqual(TURN);
    expect(frames[3]?.json.content[0].text).toBe('Sandbox agent received: seed');
    stream.close();
  });

  it('is live only: nothing earlier is replayed, pings keep it alive', async () => {
    sandbox = await createSandbox({ replyDelayMs: 0, heartbeatMs: 40 });
    const { json: session } = await createSession(sandbox);
    const first = await openSse(sandbox, { path: `/v1/sessions/${session.id}/events/stream` });
    await send(sandbox, session.id, [userMessage('before')]);
    await first.until('session.status_idle');
    first.close();

    const raw = await fetch(`${sandbox.url}/v1/sessions/${session.id}/events/stream`, {
      headers: API_HEADERS,
    });
    const reader = raw.body?.getReader();
    const chunk = await reader?.read();
    expect(new TextDecoder().decode(chunk?.value)).toBe('event: ping\ndata: {"type":"ping"}\n\n');
    await reader?.cancel();
  });

  it('answers 404 JSON, not a stream, for an unknown session', async () => {
    sandbox = await createSandbox();
    const response = await call(sandbox, { path: '/v1/sessions/sesn_nope/events/stream' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.json.error.type).toBe('not_found_error');
  });

  it('ends the stream with session.deleted when the session is deleted', async () => {
    sandbox = await createSandbox();
    const { json: session } = await createSession(sandbox);
    const stream = await openSse(sandbox, { path: `/v1/sessions/${session.id}/events/stream` });
    const seed = await openSse(sandbox, { path: `/v1/sessions/${session.id}/stream` });
    expect(sandbox.openStreams).toBe(2);
    await call(sandbox, { method: 'DELETE', path: `/v1/sessions/${session.id}` });
    for (const reader of [stream, seed]) {
      const frame = await reader.next();
      expect(frame?.event).toBe('session.deleted');
      expect(frame?.json).toMatchObject({ type: 'session.deleted', id: expect.stringMatching(/^sevt_/) });
      expect(await reader.next()).toBeUndefined();
    }
    await waitFor(() => sandbox?.openStreams === 0);
  });

  it('emits session.status_terminated on archive', async () => {
    sandbox = await createSandbox();
    const { json: session } = await createSession(sandbox);
    const stream = await openSse(sandbox, { path: `/v1/sessions/${session.id}/events/stream` });
    await call(sandbox, { method: 'POST', path: `/v1/sessions/${session.id}/archive` });
    expect((await stream.next())?.event).toBe('session.status_terminated');
    stream.close();
  });

  it('releases a stream as soon as the client disconnects', async () => {
    sandbox = await createSandbox({ heartbeatMs: 20 });
    const { json: session } = await createSession(sandbox);
    const streams = await Promise.all(
      [1, 2, 3].map(() => openSse(sandbox as Sandbox, { path: `/v1/sessions/${session.id}/events/stream` })),
    );
    expect(sandbox.openStreams).toBe(3);
    streams[0]?.close();
    await waitFor(() => sandbox?.openStreams === 2);
    streams[1]?.close();
    streams[2]?.close();
    await waitFor(() => sandbox?.openStreams === 0);
    // A turn after every client left must not fail on the closed connections.
    await send(sandbox, session.id, [userMessage('anyone?')]);
    const history = await call(sandbox, { path: `/v1/sessions/${session.id}/events` });
    expect(history.status).toBe(200);
  });

  it('stops a turn on user.interrupt and goes idle', async () => {
    sandbox = await createSandbox({ replyDelayMs: 150 });
    const { json: session } = await createSession(sandbox);
    const stream = await openSse(sandbox, { path: `/v1/sessions/${session.id}/events/stream` });
    await send(sandbox, session.id, [userMessage('long task')]);
    await stream.until('session.status_running');
    await send(sandbox, session.id, [{ type: 'user.interrupt' }]);
    const frames = await stream.until('session.status_idle');
    expect(frames.map((frame) => frame.event)).toEqual(['user.interrupt', 'session.status_idle']);
    expect((await call(sandbox, { path: `/v1/sessions/${session.id}` })).json.status).toBe('idle');
    // The interrupted turn never resumes: turns run one after the other, so once a later turn has
    // run to its end, the only agent message is that turn's (no sleep that races the worker).
    await send(sandbox, session.id, [userMessage('next task')]);
    await stream.until('agent.message');
    await stream.until('session.status_idle');
    const history = await call(sandbox, { path: `/v1/sessions/${session.id}/events` });
    const types: string[] = history.json.data.map((event: { type: string }) => event.type);
    expect(types.filter((type) => type === 'agent.message')).toHaveLength(1);
    expect(types.indexOf('agent.message')).toBeGreaterThan(types.lastIndexOf('user.message'));
    stream.close();
  });

  it('runs queued messages one turn after the other', async () => {
    sandbox = await createSandbox({ replyDelayMs: 0 });
    const { json: session } = await createSession(sandbox);
    const stream = await openSse(sandbox, { path: `/v1/sessions/${session.id}/events/stream` });
    await send(sandbox, session.id, [userMessage('one'), userMessage('two')]);
    const first = await stream.until('session.status_idle');
    const second = await stream.until('session.status_idle');
    expect(first.map((frame) => frame.event)).toEqual(TURN);
    expect(second.map((frame) => frame.event)).toEqual(TURN);
    expect(first[3]?.json.content[0].text).toBe('Sandbox agent received: one');
    expect(second[3]?.json.content[0].text).toBe('Sandbox agent received: two');
    stream.close();
  });

  it('reports a failing reply function as session.error, then idle', async () => {
    sandbox = await createSandbox({
      replyDelayMs: 0,
      reply: () => {
        throw new Error('scripted failure');
      },
    });
    const { json: session } = await createSession(sandbox);
    const stream = await openSse(sandbox, { path: `/v1/sessions/${session.id}/events/stream` });
    await send(sandbox, session.id, [userMessage('boom')]);
    const frames = await stream.until('session.status_idle');
    const error = frames.find((frame) => frame.event === 'session.error');
    expect(error?.json.error).toEqual({
      type: 'unknown_error',
      message: 'sandbox reply function failed: scripted failure',
      retry_status: { type: 'terminal' },
    });
    expect(frames.at(-1)?.json.stop_reason).toEqual({ type: 'retries_exhausted' });
    stream.close();
  });

  it('adds event_start / event_delta previews when asked with event_deltas[]', async () => {
    sandbox = await createSandbox({
      replyDelayMs: 0,
      reply: () => 'a reply that spans several delta chunks',
    });
    const { json: session } = await createSession(sandbox);
    const plain = await openSse(sandbox, { path: `/v1/sessions/${session.id}/events/stream` });
    const previews = await openSse(sandbox, {
      path: `/v1/sessions/${session.id}/events/stream?event_deltas%5B%5D=agent.message`,
    });
    await send(sandbox, session.id, [userMessage('x')]);
    const withDeltas = await previews.until('session.status_idle');
    const start = withDeltas.find((frame) => frame.event === 'event_start');
    const deltas = withDeltas.filter((frame) => frame.event === 'event_delta');
    const message = withDeltas.find((frame) => frame.event === 'agent.message');
    expect(start?.json.event).toEqual({ type: 'agent.message', id: message?.json.id });
    expect(deltas.map((frame) => frame.json.delta.content.text).join('')).toBe(
      'a reply that spans several delta chunks',
    );
    expect(deltas.every((frame) => frame.json.event_id === message?.json.id)).toBe(true);
    expect((await plain.until('session.status_idle')).map((frame) => frame.event)).toEqual(TURN);
    const history = await call(sandbox, { path: `/v1/sessions/${session.id}/events` });
    expect(history.json.data.map((event: { type: string }) => event.type)).toEqual(TURN);

    const invalid = await call(sandbox, {
      path: `/v1/sessions/${session.id}/events/stream?event_deltas[]=agent.tool_use`,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.message).toMatch(
      /^event_deltas\[\]: expected agent\.message or agent\.thinking/,
    );
    plain.close();
    previews.close();
  });

  it('keeps concurrent sessions apart', async () => {
    sandbox = await createSandbox({ replyDelayMs: 5, reply: (text) => `re:${text}` });
    const current = sandbox;
    const sessions = await Promise.all([0, 1, 2, 3, 4].map(() => createSession(current)));
    const results = await Promise.all(
      sessions.map(async ({ json: session }, index) => {
        const stream = await openSse(current, { path: `/v1/sessions/${session.id}/events/stream` });
        await send(current, session.id, [userMessage(`n${index}`)]);
        const frames = await stream.until('session.status_idle');
        stream.close();
        return frames;
      }),
    );
    results.forEach((frames, index) => {
      expect(frames.map((frame) => frame.event)).toEqual(TURN);
      expect(frames[3]?.json.content[0].text).toBe(`re:n${index}`);
    });
  });
});

describe('event history', () => {
  it('lists history oldest first, pages with next_page and filters with types[]', async () => {
    sandbox = await createSandbox({ replyDelayMs: 0 });
    const { json: session } = await createSession(sandbox);
    const stream = await openSse(sandbox, { path: `/v1/sessions/${session.id}/events/stream` });
    await send(sandbox, session.id, [userMessage('one'), userMessage('two')]);
    await stream.until('session.status_idle');
    await stream.until('session.status_idle');
    stream.close();

    const all = await call(sandbox, { path: `/v1/sessions/${session.id}/events?limit=1000` });
    expect(all.json.data).toHaveLength(12);
    expect(all.json.next_page).toBeNull();
    expect(all.json).not.toHaveProperty('prev_page');

    const collected: string[] = [];
    let page: string | null = null;
    let requests = 0;
    do {
      const query: string = page === null ? 'limit=5' : `limit=5&page=${page}`;
      const response = await call(sandbox, { path: `/v1/sessions/${session.id}/events?${query}` });
      collected.push(...response.json.data.map((event: { id: string }) => event.id));
      page = response.json.next_page;
      requests += 1;
    } while (page !== null);
    expect(requests).toBe(3);
    expect(collected).toEqual(all.json.data.map((event: { id: string }) => event.id));

    const messages = await call(sandbox, {
      path: `/v1/sessions/${session.id}/events?types%5B%5D=agent.message&types%5B%5D=user.message&order=desc`,
    });
    expect(messages.json.data.map((event: { type: string }) => event.type)).toEqual([
      'agent.message',
      'user.message',
      'agent.message',
      'user.message',
    ]);
    expect(messages.json.data[0].content[0].text).toBe('Sandbox agent received: two');

    const wrongScope = await call(sandbox, { path: `/v1/sessions?page=${all.json.next_page ?? 'page_x'}` });
    expect(wrongScope.status).toBe(400);
  });

  it('refuses a cursor issued for another session', async () => {
    sandbox = await createSandbox({ replyDelayMs: 0 });
    const { json: a } = await createSession(sandbox);
    const { json: b } = await createSession(sandbox);
    await send(sandbox, a.id, [
      { type: 'user.define_outcome', description: 'd' },
      { type: 'user.define_outcome', description: 'e' },
    ]);
    const first = await call(sandbox, { path: `/v1/sessions/${a.id}/events?limit=1` });
    expect(first.json.next_page).toMatch(/^page_/);
    const other = await call(sandbox, {
      path: `/v1/sessions/${b.id}/events?limit=1&page=${first.json.next_page}`,
    });
    expect(other.status).toBe(400);
    expect(other.json.error.message).toMatch(/^page: invalid page cursor/);
  });
});
