import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createHttpConsumer } from '@naftiko/consumer-http';
import {
  createEngine,
  defaultCallerIdentity,
  type Engine,
  loadCapability,
  silentLogger,
} from '@naftiko/core';
import { createMcpExposer } from '@naftiko/exposer-mcp';
import { createRestExposer } from '@naftiko/exposer-rest';
import { afterEach, expect, test } from 'vitest';
import { createControlExposer } from './create-control-exposer.js';

// The circuit breaker's state in /status and /metrics, and the answers callers get from an open
// circuit and from inbound rate limits, over REST and MCP, against an upstream failing on command.

let engine: Engine | undefined;
let upstream: Server | undefined;
afterEach(async () => {
  await engine?.stop();
  await new Promise((resolve) => upstream?.close(resolve));
  engine = undefined;
  upstream = undefined;
});

const source = (baseUri: string) => `
naftiko: 1.0.0-alpha2
info: {label: Resilient, description: A breaker and rate limits.}
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: ${baseUri}
      x-naftiko-resilience:
        circuitBreaker: {failureThreshold: 2, openMs: 60000}
      resources:
        - name: items
          path: /items
          operations:
            - name: list
              method: GET
  exposes:
    - type: rest
      namespace: api
      port: 9101
      x-naftiko-resilience:
        rateLimit: {requests: 4, perMs: 60000}
      resources:
        - path: /items
          operations:
            - method: GET
              name: list
              call: up.list
    - type: mcp
      namespace: tools
      port: 9102
      x-naftiko-resilience:
        rateLimit: {requests: 1, perMs: 60000}
      tools:
        - name: list
          description: Lists items.
          call: up.list
    - type: control
      port: 9103
`;

test('an open circuit shows in /status and /metrics and answers 503 at once; limits answer 429', async () => {
  let calls = 0;
  upstream = createServer((_request, response) => {
    calls++;
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end('{"error":"down"}');
  });
  await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  const loaded = loadCapability(source(`http://127.0.0.1:${port}`), { kind: 'source', filename: 'r.yaml' });
  if (!loaded.capability) throw new Error(JSON.stringify(loaded.diagnostics));
  engine = createEngine({
    capability: loaded.capability,
    consumers: [createHttpConsumer()],
    exposers: [createRestExposer(), createMcpExposer(), createControlExposer()],
    env: {},
    overrides: { port: { api: 0, tools: 0, control: 0 } },
    logger: silentLogger,
  });
  const urls = Object.fromEntries((await engine.start()).map((a) => [a.namespace ?? a.type, a.url]));
  const control = urls.control as string;

  const before = (await (await fetch(`${control}/status`)).json()) as Record<string, unknown>;
  expect(before.resilience).toEqual({
    store: 'memory',
    upstreams: [{ namespace: 'up', circuit: { state: 'closed', failures: 0 } }],
  });

  expect((await fetch(`${urls.api}/items`)).status).toBe(503);
  expect((await fetch(`${urls.api}/items`)).status).toBe(503);
  const open = await fetch(`${urls.api}/items`);
  expect(open.status).toBe(503);
  expect(open.headers.get('retry-after')).toBe('60');
  expect(((await open.json()) as { detail: string }).detail).toMatch(/circuit breaker of "up" is open/);
  expect(calls).toBe(2);

  const after = (await (await fetch(`${control}/status`)).json()) as {
    resilience: { upstreams: { circuit: { state: string } }[] };
  };
  expect(after.resilience.upstreams[0]?.circuit.state).toBe('open');
  const metrics = await (await fetch(`${control}/metrics`)).text();
  expect(metrics).toContain('naftiko_circuit_state{namespace="up"} 2');
  expect(metrics).toContain('naftiko_resilience_events_total{event="circuit-rejected",target="up.list"} 1');

  // The REST expose allows 4 calls per caller per minute: the fifth is 429 with Retry-After.
  expect((await fetch(`${urls.api}/items`)).status).toBe(503);
  const limited = await fetch(`${urls.api}/items`);
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

  // MCP: one call per session per minute; the second is a tool error carrying the retry hint.
  const client = new Client({ name: 'resilience-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(urls.tools as string)));
  try {
    const first = await client.callTool({ name: 'list', arguments: {} });
    expect(first.isError).toBe(true);
    expect(JSON.stringify(first.content)).toMatch(/circuit breaker/);
    const second = await client.callTool({ name: 'list', arguments: {} });
    expect(second.isError).toBe(true);
    expect(second._meta?.['io.naftiko/error']).toMatchObject({ code: 'RATE_LIMITED' });
    const hint = second._meta?.['io.naftiko/error'] as { retryAfter?: number } | undefined;
    expect(hint?.retryAfter).toBeGreaterThan(0);
  } finally {
    await client.close();
  }
});

test('a stateless MCP server limits callers by client address (a swappable identity): one address, one budget', async () => {
  const seen: (string | undefined)[] = [];
  upstream = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"items":[]}');
  });
  await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  const loaded = loadCapability(source(`http://127.0.0.1:${port}`), { kind: 'source', filename: 'r.yaml' });
  if (!loaded.capability) throw new Error(JSON.stringify(loaded.diagnostics));
  engine = createEngine({
    capability: loaded.capability,
    consumers: [createHttpConsumer()],
    exposers: [createRestExposer(), createMcpExposer({ stateless: true }), createControlExposer()],
    env: {},
    overrides: { port: { api: 0, tools: 0, control: 0 } },
    logger: silentLogger,
    callerIdentity: (caller) => {
      seen.push(caller.remoteAddress);
      return defaultCallerIdentity(caller);
    },
  });
  const urls = Object.fromEntries((await engine.start()).map((a) => [a.namespace ?? a.type, a.url]));
  const clients = [new Client({ name: 'a', version: '1.0.0' }), new Client({ name: 'b', version: '1.0.0' })];
  try {
    for (const client of clients) {
      await client.connect(new StreamableHTTPClientTransport(new URL(urls.tools as string)));
    }
    expect((await clients[0]?.callTool({ name: 'list', arguments: {} }))?.isError).toBeFalsy();
    const second = await clients[1]?.callTool({ name: 'list', arguments: {} });
    expect(second?._meta?.['io.naftiko/error']).toMatchObject({ code: 'RATE_LIMITED' });
    expect(seen).toEqual([expect.stringMatching(/127\.0\.0\.1$/), expect.stringMatching(/127\.0\.0\.1$/)]);
  } finally {
    for (const client of clients) await client.close();
  }
});
