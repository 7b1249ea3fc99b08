// The gateway driven by the official Anthropic SDK: the SDK talks to naftiko's REST exposer with
// a placeholder key, naftiko talks to the sandbox (the stand-in Managed Agents API) with the real
// one. If the SDK's requests, pagination, SSE parsing and error mapping all work through the
// gateway, the gateway is transparent for real clients.
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import { createHttpConsumer } from '@naftiko/consumer-http';
import { createCapability, createEngine, type Engine } from '@naftiko/core';
import { createRestExposer } from '@naftiko/exposer-rest';
import { createSandbox, type Sandbox } from '@naftiko/sandbox';
import { validateCapability } from '@naftiko/spec';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';

/** The part of an OpenAPI document the last test reads; its `expect`s fail when a part is missing
 * (a type alias, not an interface: the validator takes it as a plain record). */
type OpenApiPaths = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
};

const CAPABILITY = fileURLToPath(new URL('./capability.yaml', import.meta.url));
const SERVER_KEY = 'sk-ant-server-side-secret';
const CLIENT_KEY = 'placeholder-client-key';

let sandbox: Sandbox;
let engine: Engine;
let gateway: string;

beforeEach(async () => {
  sandbox = await createSandbox({
    apiKey: SERVER_KEY,
    replyDelayMs: 5,
    reply: (text) => `Gateway agent heard: ${text}`,
  });
  const loaded = validateCapability({ path: CAPABILITY, dialect: 'official' });
  expect(loaded.diagnostics).toEqual([]);
  engine = createEngine({
    capability: createCapability(loaded.value!),
    consumers: [createHttpConsumer()],
    exposers: [createRestExposer()],
    env: { ANTHROPIC_API_KEY: SERVER_KEY },
    overrides: { baseUri: { anthropic: sandbox.url }, port: { 'sessions-gateway': 0 } },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const addresses = await engine.start();
  gateway = addresses.find((address) => address.type === 'rest')!.url;
});
afterEach(async () => {
  await engine.stop();
  await sandbox.close();
});

function client(options: ConstructorParameters<typeof Anthropic>[0] = {}) {
  return new Anthropic({ apiKey: CLIENT_KEY, baseURL: gateway, maxRetries: 0, ...options });
}

describe('the Managed Agents SDK through the naftiko REST gateway', () => {
  test('create, retrieve, list, update, send a user.message and read the reply from the stream', async () => {
    const sessions = client().beta.sessions;

    const created = await sessions.create({
      agent: 'agent_011gw',
      environment_id: 'env_011gw',
      title: 'via gateway',
    });
    expect(created.id).toMatch(/^sesn_/);
    expect(created.status).toBe('idle');

    const retrieved = await sessions.retrieve(created.id);
    expect(retrieved).toMatchObject({ id: created.id, title: 'via gateway' });

    const second = await sessions.create({ agent: 'agent_011gw', environment_id: 'env_011gw' });
    const listed: string[] = [];
    // limit 1 forces the SDK to follow next_page through the gateway; statuses[] is the qs form.
    for await (const session of sessions.list({
      limit: 1,
      agent_id: 'agent_011gw',
      statuses: ['idle', 'running'],
    })) {
      listed.push(session.id);
    }
    expect(listed).toEqual([second.id, created.id]);

    const updated = await sessions.update(created.id, { title: 'renamed', metadata: { team: 'gateway' } });
    expect(updated).toMatchObject({ title: 'renamed', metadata: { team: 'gateway' } });

    const stream = await sessions.events.stream(created.id);
    const sent = await sessions.events.send(created.id, {
      events: [{ type: 'user.message', content: [{ type: 'text', text: 'hello through naftiko' }] }],
    });
    expect(sent.data?.[0]?.type).toBe('user.message');
    let reply = '';
    const seen: string[] = [];
    for await (const event of stream) {
      seen.push(event.type);
      if (event.type === 'agent.message') {
        reply = event.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
      }
      if (event.type === 'session.status_idle') break;
    }
    expect(reply).toBe('Gateway agent heard: hello through naftiko');
    expect(seen).toContain('session.status_running');

    const history: string[] = [];
    for await (const event of sessions.events.list(created.id, { limit: 3 })) history.push(event.type);
    expect(history).toContain('agent.message');

    // The sandbox only accepts the server key: every request above went out with it, never the client's.
    const upstreamKeys = new Set(
      sandbox.requests.map((request) => request.headers['x-api-key'] ?? request.headers.authorization),
    );
    expect([...upstreamKeys]).toEqual([SERVER_KEY]);
    expect(JSON.stringify(sandbox.requests.map((request) => request.headers))).not.toContain(CLIENT_KEY);
  });

  test('older SDK conventions (x-api-key, version 2023-06-01, ?beta=true) work too', async () => {
    const legacy = client({ defaultHeaders: { 'anthropic-version': '2023-06-01', 'x-api-key': CLIENT_KEY } });
    const created = await legacy.beta.sessions.create({ agent: 'agent_legacy', environment_id: 'env_1' });
    const response = await fetch(`${gateway}/v1/sessions/${created.id}?beta=true`, {
      headers: { 'x-api-key': CLIENT_KEY },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id: string }).id).toBe(created.id);
  });

  test('upstream errors reach the SDK as its own error classes; bad input never reaches upstream', async () => {
    const sessions = client().beta.sessions;
    const missing = await sessions.retrieve('sesn_doesnotexist').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    expect((missing as InstanceType<typeof Anthropic.NotFoundError>).requestID).toMatch(/^[0-9a-f-]{36}$/);

    sandbox.clearRequests();
    const traversal = await fetch(`${gateway}/v1/sessions/..%2F..%2Fadmin`);
    expect(traversal.status).toBe(400);
    expect(await traversal.json()).toMatchObject({ errors: [{ name: 'session_id', in: 'path' }] });
    const badOrder = await sessions.list({ order: 'sideways' as 'asc' }).catch((error: unknown) => error);
    expect(badOrder).toBeInstanceOf(Anthropic.BadRequestError);
    expect(sandbox.requests).toEqual([]);
  });

  test('the gateway describes itself at /openapi.json, a valid OpenAPI 3.1 document', async () => {
    const document = (await (await fetch(`${gateway}/openapi.json`)).json()) as OpenApiPaths;
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(Object.keys(document.paths)).toEqual([
      '/v1/sessions',
      '/v1/sessions/{session_id}',
      '/v1/sessions/{session_id}/archive',
      '/v1/sessions/{session_id}/events',
      '/v1/sessions/{session_id}/events/stream',
    ]);
    expect(
      Object.keys(
        document.paths['/v1/sessions/{session_id}/events/stream']?.get?.responses['200']?.content ?? {},
      ),
    ).toEqual(['text/event-stream']);
  });

  test('a web page cannot reach the held key: DNS rebinding and cross-site POSTs are refused', async () => {
    const { port } = new URL(gateway);
    const created = await client().beta.sessions.create({
      agent: 'agent_011gw',
      environment_id: 'env_011gw',
    });
    // A page on evil.example whose name re-resolves to 127.0.0.1: create and list with the held key.
    const rebound = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
    for (const [method, body] of [
      ['POST', JSON.stringify({ agent: 'agent_evil', environment_id: 'env_evil' })],
      ['GET', undefined],
    ] as const) {
      const answer = await rawRequest({ port, method, path: '/v1/sessions', headers: rebound, body });
      expect(answer.status, method).toBe(403);
      expect(answer.body, method).toContain('--allowed-host evil.example');
      expect(answer.body, method).not.toContain(created.id);
    }
    // A form on any site posting text/plain straight at the gateway.
    const crossSite = await rawRequest({
      port,
      method: 'POST',
      path: '/v1/sessions',
      headers: { host: `127.0.0.1:${port}`, origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: '{"agent":"agent_evil","environment_id":"env_evil"}',
    });
    expect(crossSite.status).toBe(403);
    const listed = await client().beta.sessions.list({ agent_id: 'agent_evil' });
    expect(listed.data).toEqual([]);
  });
});

/** node:http lets a test set Host and Origin, which fetch does not. */
function rawRequest(options: {
  port: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | undefined;
}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    sent.on('error', reject);
    sent.end(options.body);
  });
}
