import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './create-sandbox.js';
import { API_HEADERS, call, createSession, openSse } from './test-support.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('createSandbox', () => {
  it('listens on a free loopback port and reports its url', async () => {
    sandbox = await createSandbox();
    expect(sandbox.port).toBeGreaterThan(0);
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    const response = await call(sandbox, { path: '/v1/sessions' });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: [], next_page: null, prev_page: null });
  });

  it('puts a request-id on every response, success or error', async () => {
    sandbox = await createSandbox();
    const ok = await call(sandbox, { path: '/v1/sessions' });
    const missing = await call(sandbox, { path: '/v1/sessions/sesn_nope' });
    const unknown = await call(sandbox, { path: '/nowhere' });
    for (const response of [ok, missing, unknown]) {
      expect(response.headers.get('request-id')).toMatch(/^req_011[0-9A-Za-z]{21}$/);
    }
    expect(missing.json.request_id).toBe(missing.headers.get('request-id'));
  });

  it('answers errors with the exact Anthropic envelope', async () => {
    sandbox = await createSandbox();
    const response = await call(sandbox, { path: '/v1/sessions/sesn_missing' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(Object.keys(response.json)).toEqual(['type', 'error', 'request_id']);
    expect(response.json).toEqual({
      type: 'error',
      error: { type: 'not_found_error', message: 'session "sesn_missing" not found' },
      request_id: response.headers.get('request-id'),
    });
  });

  it('answers unknown routes and methods with 404 not_found_error', async () => {
    sandbox = await createSandbox();
    for (const [method, path] of [
      ['GET', '/v1/agents'],
      ['PUT', '/v1/sessions'],
      ['PATCH', '/v1/sessions/sesn_x'],
      ['GET', '/v1/sessions/sesn_x/archive'],
      ['POST', '/v1/sessions/sesn_x/stream'],
      ['GET', '/v1/sessions/'],
      ['GET', '/v1/sessions/sesn_x/events/stream/extra'],
    ] as const) {
      const response = await call(sandbox, { method, path });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.json.error.type).toBe('not_found_error');
      expect(response.json.error.message).toContain(`No endpoint for ${method}`);
    }
  });

  it('rejects a body that is not JSON with 400 naming the body', async () => {
    sandbox = await createSandbox();
    const response = await call(sandbox, { method: 'POST', path: '/v1/sessions', body: '{"agent": ' });
    expect(response.status).toBe(400);
    expect(response.json.error.type).toBe('invalid_request_error');
    expect(response.json.error.message).toMatch(/^body: request body is not valid JSON/);
  });

  it('rejects a body over the cap with 413 request_too_large and stays usable', async () => {
    sandbox = await createSandbox({ maxBodyBytes: 64 * 1024 });
    const big = { agent: 'agent_1', environment_id: 'env_1', title: 'x'.repeat(100 * 1024) };
    const response = await call(sandbox, { method: 'POST', path: '/v1/sessions', body: big });
    expect(response.status).toBe(413);
    expect(response.json.error).toEqual({
      type: 'request_too_large',
      message: 'Request body exceeds the sandbox limit of 65536 bytes',
    });
    expect(sandbox.requests.at(-1)?.body).toBe('');
    const after = await createSession(sandbox);
    expect(after.status).toBe(200);
  });

  it('stops reading a chunked upload as soon as it passes the cap', async () => {
    sandbox = await createSandbox({ maxBodyBytes: 1024 });
    const url = new URL(sandbox.url);
    const socket = connect(Number(url.port), url.hostname);
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('utf8');
      });
      socket.on('close', () => resolve(text));
    });
    const headers = Object.entries(API_HEADERS)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`POST /v1/sessions HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n${headers}\r\n`);
    // Declares no length, then sends 4 KiB: the sandbox must answer 413 without waiting for the end.
    const chunk = 'a'.repeat(4096);
    socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    const text = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain('"type":"request_too_large"');
    expect(text.toLowerCase()).toContain('connection: close');
  });

  it('records each request with method, path, multi-map query, lower-cased headers and body', async () => {
    sandbox = await createSandbox();
    const created = await createSession(sandbox, { title: 'recorded' });
    await call(sandbox, {
      path: '/v1/sessions?beta=true&statuses%5B%5D=idle&statuses%5B%5D=running&agent_id=agent_1',
      headers: { 'X-Custom-Header': 'Yes' },
    });
    expect(sandbox.requests).toHaveLength(2);
    const [create, list] = sandbox.requests;
    expect(create).toMatchObject({
      method: 'POST',
      path: '/v1/sessions',
      query: {},
      json: { agent: 'agent_011test', environment_id: 'env_011test', title: 'recorded' },
    });
    expect(JSON.parse(create?.body ?? '')).toEqual(create?.json);
    expect(create?.headers['x-api-key']).toBe('sk-ant-sandbox');
    expect(create?.headers['content-type']).toBe('application/json');
    expect(list?.query).toEqual({ beta: ['true'], 'statuses[]': ['idle', 'running'], agent_id: ['agent_1'] });
    expect(list?.headers['x-custom-header']).toBe('Yes');
    expect(list?.body).toBe('');
    expect(list?.json).toBeUndefined();
    expect(Date.parse(list?.receivedAt ?? '')).not.toBeNaN();
    expect(created.status).toBe(200);

    sandbox.clearRequests();
    expect(sandbox.requests).toHaveLength(0);
    await call(sandbox, { path: '/v1/sessions' });
    expect(sandbox.requests).toHaveLength(1);
  });

  it('records requests that failed, and keeps only the newest past maxRecordedRequests', async () => {
    sandbox = await createSandbox({ maxRecordedRequests: 2 });
    await call(sandbox, { path: '/v1/sessions?n=1', headers: { 'x-api-key': undefined } });
    await call(sandbox, { path: '/v1/sessions?n=2' });
    await call(sandbox, { path: '/v1/sessions?n=3' });
    expect(sandbox.requests.map((request) => request.query.n?.[0])).toEqual(['2', '3']);
  });

  it('records nothing when record is false', async () => {
    sandbox = await createSandbox({ record: false });
    await createSession(sandbox);
    expect(sandbox.requests).toEqual([]);
  });

  it('closes open streams and the server promptly', async () => {
    sandbox = await createSandbox({ heartbeatMs: 60_000 });
    const session = await createSession(sandbox);
    const stream = await openSse(sandbox, { path: `/v1/sessions/${session.json.id}/events/stream` });
    expect(sandbox.openStreams).toBe(1);
    const started = Date.now();
    await sandbox.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await stream.next()).toBeUndefined();
    await expect(fetch(`${sandbox.url}/v1/sessions`)).rejects.toThrow();
    await sandbox.close();
  });

  it('supports await using through Symbol.asyncDispose', async () => {
    let url: string;
    {
      await using disposable = await createSandbox();
      url = disposable.url;
      expect((await fetch(`${url}/v1/sessions`, { headers: API_HEADERS })).status).toBe(200);
    }
    await expect(fetch(`${url}/v1/sessions`)).rejects.toThrow();
  });

  it('rejects invalid options naming the option', async () => {
    await expect(createSandbox({ port: -1 })).rejects.toThrow(
      /options\.port must be an integer from 0 to 65535/,
    );
    await expect(createSandbox({ apiKey: '' })).rejects.toThrow(/options\.apiKey must be a non-empty string/);
    await expect(createSandbox({ replyDelayMs: Number.NaN })).rejects.toThrow(/options\.replyDelayMs/);
    await expect(createSandbox({ heartbeatMs: 0 })).rejects.toThrow(/options\.heartbeatMs/);
    await expect(createSandbox({ maxBodyBytes: 1.5 })).rejects.toThrow(/options\.maxBodyBytes/);
  });

  it('explains a port that is already taken', async () => {
    sandbox = await createSandbox();
    await expect(createSandbox({ port: sandbox.port })).rejects.toThrow(
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${sandbox.port} \\(EADDRINUSE\\)`),
    );
  });
});
