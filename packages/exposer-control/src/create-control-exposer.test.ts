import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createHttpConsumer } from '@naftiko/consumer-http';
import {
  type Capability,
  createEngine,
  type Engine,
  type ExposerV1,
  isNaftikoError,
  loadCapability,
  silentLogger,
} from '@naftiko/core';
import { createMcpExposer } from '@naftiko/exposer-mcp';
import { createRestExposer } from '@naftiko/exposer-rest';
import { createSandbox, DEFAULT_SANDBOX_API_KEY, type Sandbox } from '@naftiko/sandbox';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createControlExposer } from './create-control-exposer.js';
import { createEngineMetrics } from './create-engine-metrics.js';

const FIXTURE = fileURLToPath(new URL('./testing/sessions-control.yaml', import.meta.url));
const PORTS = { 'sessions-mcp': 0, 'sessions-rest': 0, control: 0 };

let sandbox: Sandbox;
let engine: Engine | undefined;

beforeEach(async () => {
  sandbox = await createSandbox({ replyDelayMs: 0 });
});
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await sandbox.close();
});

function load(transform?: (yaml: string) => string): Capability {
  const source = readFileSync(FIXTURE, 'utf8');
  const result = transform
    ? loadCapability(transform(source), { kind: 'source', filename: FIXTURE })
    : loadCapability(FIXTURE);
  if (!result.capability) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.capability;
}

async function start(
  options: { capability?: Capability; exposers?: ExposerV1[]; env?: Record<string, string> } = {},
): Promise<Record<string, string>> {
  engine = createEngine({
    capability: options.capability ?? load(),
    consumers: [createHttpConsumer()],
    exposers: options.exposers ?? [createMcpExposer(), createRestExposer(), createControlExposer()],
    env: { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY, ...options.env },
    overrides: { baseUri: { sessions: sandbox.url }, port: PORTS },
    logger: silentLogger,
  });
  const addresses = await engine.start();
  return Object.fromEntries(addresses.map((a) => [a.namespace ?? a.type, a.url]));
}

/** A GET with a chosen Host header (fetch does not let tests set it). */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, path: pathname, method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

/** A port that was free a moment ago (for a listener whose port a test must know up front). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The value of one series in a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('control plane over real calls', () => {
  test('metrics count MCP tool calls, REST operations and upstream statuses', async () => {
    const urls = await start();
    const control = urls.control as string;
    expect(control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const client = new Client({ name: 'control-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(urls['sessions-mcp'] as string)));
    try {
      const created = await client.callTool({
        name: 'create-session',
        arguments: { body: { agent: 'agent_1', environment_id: 'env_1' } },
      });
      expect(created.isError).toBeFalsy();
      const id = (created.structuredContent as { id: string }).id;
      expect(id).toMatch(/^sesn_/);
      const missing = await client.callTool({
        name: 'get-session',
        arguments: { session_id: 'sesn_missing' },
      });
      expect(missing.isError).toBe(true);

      const ok = await fetch(`${urls['sessions-rest']}/sessions/${id}`);
      expect(ok.status).toBe(200);
      const notFound = await fetch(`${urls['sessions-rest']}/sessions/sesn_nope`);
      expect(notFound.status).toBe(404);
      await notFound.text();
    } finally {
      await client.close();
    }

    const response = await fetch(`${control}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    const requests = (kind: string, target: string, outcome: string) =>
      sample(text, 'naftiko_action_requests_total', { kind, target, outcome });
    expect(requests('tool', 'sessions-mcp.create-session', 'ok')).toBe(1);
    expect(requests('tool', 'sessions-mcp.get-session', 'upstream_status')).toBe(1);
    expect(requests('operation', 'sessions-rest.get-session', 'ok')).toBe(1);
    expect(requests('operation', 'sessions-rest.get-session', 'upstream_status')).toBe(1);
    const upstream = (target: string, status: string) =>
      sample(text, 'naftiko_upstream_responses_total', { target, status });
    expect(upstream('sessions.create', '200')).toBe(1);
    expect(upstream('sessions.get', '200')).toBe(1);
    expect(upstream('sessions.get', '404')).toBe(2);
    expect(
      sample(text, 'naftiko_action_duration_seconds_count', {
        kind: 'tool',
        target: 'sessions-mcp.create-session',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(
      sample(text, 'naftiko_action_in_flight', { kind: 'tool', target: 'sessions-mcp.create-session' }),
    ).toBe(0);
    expect(text).toContain('# TYPE naftiko_upstream_duration_seconds histogram');
  });

  test('health, readiness and status describe the running capability', async () => {
    const urls = await start();
    const control = urls.control as string;
    const live = await fetch(`${control}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'UP' });

    const ready = await fetch(`${control}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'UP',
      state: 'started',
      exposes: [
        { type: 'mcp', namespace: 'sessions-mcp', urls: [urls['sessions-mcp']] },
        { type: 'rest', namespace: 'sessions-rest', urls: [urls['sessions-rest']] },
        { type: 'control', urls: [control] },
      ],
    });

    const status = (await (await fetch(`${control}/status`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      status: 'UP',
      state: 'started',
      capability: {
        label: 'Sessions with a control plane',
        description: 'Managed Agents sessions served over MCP and REST, with health, status and metrics.',
        naftiko: '1.0.0-alpha2',
      },
      engine: { name: 'naftiko', version: '0.1.0', node: process.version },
    });
    expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(status.startedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(status.exposes).toHaveLength(3);

    const head = await rawGet(`${control}/health/live`, {}, 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
  });

  test('readiness is 503 until every expose listens', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A rest exposer of our own that takes its time to listen.
    const slowRest: ExposerV1 = {
      specificationVersion: 'v1',
      type: 'rest',
      doCreate: () => ({
        doStart: async () => {
          await gate;
          return [{ type: 'rest', namespace: 'sessions-rest', url: 'http://127.0.0.1:1' }];
        },
        doStop: async () => {},
      }),
    };
    // Control first, so it listens while the slow expose is still starting.
    const capability = load((yaml) => {
      const [head, control] = yaml.split('    - type: control\n');
      return head!.replace('  exposes:\n', `  exposes:\n    - type: control\n${control}`);
    });
    const controlPort = await freePort();
    engine = createEngine({
      capability,
      consumers: [createHttpConsumer()],
      exposers: [createControlExposer(), createMcpExposer(), slowRest],
      env: { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY },
      overrides: { port: { ...PORTS, control: controlPort } },
      logger: silentLogger,
    });
    const starting = engine.start();
    const control = `http://127.0.0.1:${controlPort}`;
    // The control plane listens first; poll until it answers, while the slow expose still waits.
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const response = await rawGet(`${control}/health/live`).catch(() => undefined);
      if (response?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const before = await fetch(`${control}/health/ready`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ status: 'DOWN', state: 'starting' });
    release();
    await starting;
    const after = await fetch(`${control}/health/ready`);
    expect(after.status).toBe(200);
  });
});

describe('control plane guards', () => {
  test('inbound authentication guards every route', async () => {
    const capability = load((yaml) =>
      yaml
        .replace(
          'ANTHROPIC_API_KEY: ANTHROPIC_API_KEY\n',
          'ANTHROPIC_API_KEY: ANTHROPIC_API_KEY\n      CONTROL_TOKEN: CONTROL_TOKEN\n',
        )
        .replace(
          '    - type: control\n      port: 9192\n',
          "    - type: control\n      port: 9192\n      authentication:\n        type: bearer\n        token: '{{env.CONTROL_TOKEN}}'\n",
        ),
    );
    const urls = await start({
      capability,
      env: { CONTROL_TOKEN: 'control-secret-1' },
      exposers: [createMcpExposer(), createRestExposer(), createControlExposer()],
    });
    const control = urls.control as string;
    for (const path of ['/health/live', '/status', '/metrics']) {
      const denied = await fetch(`${control}${path}`);
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toBe('Bearer realm="naftiko"');
      expect(await denied.text()).not.toContain('control-secret-1');
    }
    const wrong = await fetch(`${control}/status`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const allowed = await fetch(`${control}/status`, {
      headers: { authorization: 'Bearer control-secret-1' },
    });
    expect(allowed.status).toBe(200);
  });

  test('a loopback control plane refuses foreign Host headers, unknown routes and other methods', async () => {
    const urls = await start();
    const control = urls.control as string;
    const rebinding = await rawGet(`${control}/status`, { host: 'evil.example:80' });
    expect(rebinding.status).toBe(403);
    expect(JSON.parse(rebinding.body)).toMatchObject({ error: 'forbidden' });
    expect((await rawGet(`${control}/status`, { host: 'localhost:1234' })).status).toBe(200);

    const missing = await fetch(`${control}/config`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: 'not_found',
      message: 'No route /config; this control plane serves /health/live, /health/ready, /status, /metrics.',
    });
    const post = await fetch(`${control}/status`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  test('management and observability switches turn endpoints off', async () => {
    const capability = load((yaml) =>
      yaml.replace(
        '    - type: control\n      port: 9192\n',
        '    - type: control\n      port: 9192\n      management:\n        health: false\n        info: false\n      observability:\n        metrics:\n          local:\n            enabled: false\n',
      ),
    );
    const urls = await start({ capability });
    const control = urls.control as string;
    for (const path of ['/health/live', '/health/ready', '/status', '/metrics']) {
      const response = await fetch(`${control}${path}`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { message: string }).message).toContain(
        'every endpoint is disabled',
      );
    }
  });

  test('a port in use fails the start with a clear LISTEN_FAILED', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      engine = createEngine({
        capability: load(),
        consumers: [createHttpConsumer()],
        exposers: [createMcpExposer(), createRestExposer(), createControlExposer()],
        env: { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY },
        overrides: { port: { ...PORTS, control: port } },
        logger: silentLogger,
      });
      const failure = await engine.start().catch((error: unknown) => error);
      expect(isNaftikoError(failure, 'LISTEN_FAILED')).toBe(true);
      expect((failure as Error).message).toBe(
        `control could not listen on 127.0.0.1:${port}: the port is in use; pick another port (--port control=N).`,
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

describe('metrics in-process', () => {
  test('an embedder reads the same registry without any control expose', async () => {
    const metrics = createEngineMetrics();
    const capability = load((yaml) => yaml.slice(0, yaml.indexOf('    - type: rest\n')));
    engine = createEngine({
      capability,
      consumers: [createHttpConsumer()],
      exposers: [createMcpExposer()],
      env: { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY },
      overrides: { baseUri: { sessions: sandbox.url }, port: { 'sessions-mcp': 0 } },
      observers: [metrics.observer],
      logger: silentLogger,
    });
    await engine.start();
    await engine.invoke('sessions-mcp.create-session', {
      body: { agent: 'agent_1', environment_id: 'env_1' },
    });
    await expect(engine.invoke('sessions-mcp.get-session', { session_id: 'sesn_missing' })).rejects.toThrow();
    await expect(engine.invoke('sessions-mcp.get-session', {})).rejects.toThrow(/Invalid arguments/);
    const json = await metrics.registry.getMetricsAsJSON();
    const requests = json.find((metric) => metric.name === 'naftiko_action_requests_total');
    expect(
      requests?.values
        .toSorted((a, b) => String(a.labels.outcome).localeCompare(String(b.labels.outcome)))
        .map((v) => ({ ...v.labels, value: v.value })),
    ).toEqual([
      { kind: 'tool', target: 'sessions-mcp.get-session', outcome: 'invalid_arguments', value: 1 },
      { kind: 'tool', target: 'sessions-mcp.create-session', outcome: 'ok', value: 1 },
      { kind: 'tool', target: 'sessions-mcp.get-session', outcome: 'upstream_status', value: 1 },
    ]);
    expect(metrics.contentType).toContain('text/plain');
  });
});
