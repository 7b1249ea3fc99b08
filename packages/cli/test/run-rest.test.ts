// `naftiko run` with a rest expose, end to end: the built CLI serving the REST gateway example
// against the sandbox, driven with plain fetch requests as curl would send them, hostile ones
// included.
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import type { Problem } from '@naftiko/exposer-rest';
import { createSandbox, DEFAULT_SANDBOX_API_KEY, type Sandbox, type Session } from '@naftiko/sandbox';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  killAll,
  readJson,
  startCli,
  until,
  waitForListening,
} from '../src/testing/run-support.js';

const SLOW = { timeout: 60_000 };
const GATEWAY = 'examples/rest-gateway/capability.yaml';
const KEY = { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY };
const JSON_HEADERS = { 'content-type': 'application/json' };

let sandbox: Sandbox;

beforeAll(() => assertBuilt());
beforeEach(async () => {
  sandbox = await createSandbox({ replyDelayMs: 5 });
});
afterEach(async () => {
  await killAll();
  await sandbox.close();
});

function startGateway(extra: string[] = [], env: Record<string, string> = KEY) {
  return startCli([GATEWAY, '--port', 'sessions-gateway=0', ...extra], env);
}

describe('naftiko run with a rest expose', SLOW, () => {
  it('serves the gateway: operations, OpenAPI, event stream, and a clean stop', async () => {
    const cli = startGateway(['--base-uri', `anthropic=${sandbox.url}`]);
    const [url] = await waitForListening(cli);
    expect(cli.stdout()).toMatch(/^rest sessions-gateway listening on http:\/\/127\.0\.0\.1:\d+\n$/);

    const created = await fetch(`${url}/v1/sessions`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, authorization: 'Bearer anything' },
      body: JSON.stringify({ agent: 'agent_cli', environment_id: 'env_cli' }),
    });
    expect(created.status).toBe(200);
    const session = await readJson<Session>(created);
    expect(session.id).toMatch(/^sesn_/);

    const listed = await fetch(`${url}/v1/sessions?limit=5&statuses%5B%5D=idle`);
    expect(listed.status).toBe(200);
    expect((await readJson<{ data: Session[] }>(listed)).data.map((entry) => entry.id)).toEqual([session.id]);

    const openapi = await fetch(`${url}/openapi.json`);
    expect((await readJson<{ openapi: string }>(openapi)).openapi).toBe('3.1.0');

    // The stream answers at once, relays the turn, and its upstream closes when the client leaves.
    const controller = new AbortController();
    const stream = await fetch(`${url}/v1/sessions/${session.id}/events/stream`, {
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await until(() => sandbox.openStreams === 1, 'the upstream stream to open');
    const sent = await fetch(`${url}/v1/sessions/${session.id}/events`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ events: [{ type: 'user.message', content: [{ type: 'text', text: 'hi' }] }] }),
    });
    expect(sent.status).toBe(200);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: agent.message')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    expect(text).toContain('event: agent.message');
    controller.abort();
    await until(() => sandbox.openStreams === 0, 'the upstream stream to close after the client left');

    // Each request is logged with the id its response carries.
    const requestId = created.headers.get('x-request-id') as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => cli.stderr().includes(requestId), 'the access log line of the create request');
    expect(await cli.stop('SIGTERM')).toBe(0);
  });

  it('answers hostile requests with problems and never forwards them', async () => {
    const cli = startGateway(['--base-uri', `anthropic=${sandbox.url}`]);
    const [url] = await waitForListening(cli);
    sandbox.clearRequests();

    const badJson = await fetch(`${url}/v1/sessions`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{"agent": ',
    });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    // The gateway answers 413 and closes the connection without reading the upload (fastify's
    // guard against clients that keep sending); a client still writing may see the hang-up first.
    const huge = await fetch(`${url}/v1/sessions`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ agent: 'a', title: 'x'.repeat(2 * 1024 * 1024) }),
    }).then(
      (response) => response.status,
      (error: Error & { cause?: { code?: string } }) => error.cause?.code,
    );
    expect([413, 'EPIPE', 'ECONNRESET']).toContain(huge);

    const wrongType = await fetch(`${url}/v1/sessions?limit=lots&order=sideways`);
    expect(wrongType.status).toBe(400);
    expect((await readJson<Problem>(wrongType)).errors).toEqual([
      { name: 'limit', in: 'query', detail: 'must be integer' },
      { name: 'order', in: 'query', detail: 'must match pattern "^(asc|desc)$"' },
    ]);

    const traversal = await fetch(`${url}/v1/sessions/..%2F..%2Fv1%2Fsessions`);
    expect(traversal.status).toBe(400);

    const unknown = await fetch(`${url}/v1/agents`);
    expect(unknown.status).toBe(404);
    expect(sandbox.requests).toEqual([]);
    await cli.stop('SIGTERM');
  });

  it('lets in-flight REST requests (a call and an event stream) finish on SIGTERM and refuses new connections', async () => {
    // A slow upstream: the session answers after 700 ms, its stream sends one event, then a
    // second 700 ms later and ends.
    let received = 0;
    const upstream: Server = createServer((request, response) => {
      received += 1;
      if (request.url?.endsWith('/events/stream')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('event: first\ndata: {"n":1}\n\n');
        setTimeout(() => response.end('event: last\ndata: {"n":2}\n\n'), 700);
        return;
      }
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: 'sesn_slow', type: 'session' }));
      }, 700);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      const cli = startGateway([
        '--base-uri',
        `anthropic=http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
      ]);
      const [url] = await waitForListening(cli);
      const call = fetch(`${url}/v1/sessions/sesn_slow`).then(async (response) => ({
        status: response.status,
        body: await response.json(),
      }));
      const stream = fetch(`${url}/v1/sessions/sesn_slow/events/stream`).then((response) => response.text());
      await until(() => received === 2, 'both upstream requests');
      cli.child.kill('SIGTERM');
      await until(() => cli.stderr().includes('"msg":"stopping"'), 'the stop to begin');
      const { port } = new URL(url as string);
      const refused = await new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
      expect(await call).toEqual({ status: 200, body: { id: 'sesn_slow', type: 'session' } });
      const events = await stream;
      expect(events).toContain('event: first');
      expect(events).toContain('event: last');
      expect(await cli.exited).toBe(0);
      expect(cli.stderr()).toContain('in-flight requests finished before stopping');
    } finally {
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it('--sandbox serves the gateway offline, without a key', async () => {
    const cli = startGateway(['--sandbox'], {});
    const [url] = await waitForListening(cli);
    const created = await fetch(`${url}/v1/sessions`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ agent: 'agent_offline', environment_id: 'env_offline' }),
    });
    expect(created.status).toBe(200);
    const retrieved = await fetch(`${url}/v1/sessions/${(await readJson<Session>(created)).id}`);
    expect((await readJson<Session>(retrieved)).agent.id).toBe('agent_offline');
    await cli.stop('SIGTERM');
  });
});
