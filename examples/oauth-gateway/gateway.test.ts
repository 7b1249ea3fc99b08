// The example, run: a real authorization server (oidc-provider, in-process), a billing API that
// accepts only tokens issued for it, naftiko embedded as a library with the capability file as
// written (its loopback addresses replaced by this run's ports), and the official MCP SDK client
// with its client-credentials provider, as an agent would connect.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createHttpConsumer } from '@naftiko/consumer-http';
import {
  compileTemplate,
  createCapability,
  createEngine,
  createInboundAuth,
  type Engine,
} from '@naftiko/core';
import {
  startAuthorizationServer,
  type TestAuthorizationServer,
} from '@naftiko/core/testing/authorization-server';
import { createMcpExposer } from '@naftiko/exposer-mcp';
import { validateCapability } from '@naftiko/spec';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const CAPABILITY = fileURLToPath(new URL('./capability.yaml', import.meta.url));
const BILLING = 'https://billing.example.com';
const SECRET = 'naftiko-billing-secret';

let as: TestAuthorizationServer;
let billing: ReturnType<typeof createServer>;
let engine: Engine;
let mcpUrl: string;
const seenByBilling: string[] = [];

async function listen(server: ReturnType<typeof createServer>, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  as = await startAuthorizationServer({
    clients: [
      { clientId: 'naftiko', clientSecret: SECRET, scope: 'invoices:read' },
      { clientId: 'support-agent', clientSecret: 'agent-secret', scope: 'billing:read' },
    ],
    scopes: ['invoices:read', 'billing:read', 'billing:admin'],
  });
  // The billing API checks every token: issued by the server, for it, with invoices:read.
  const check = createInboundAuth({
    authentication: { type: 'oauth2', authorizationServerUri: as.issuer, resource: BILLING },
    compileTemplate,
    bindings: { flat: {}, byNamespace: {} },
    place: 'billing',
  });
  billing = createServer(async (request, response) => {
    const verdict = await check.authenticate(request);
    const allowed = verdict.ok && verdict.principal.scopes?.has('invoices:read');
    seenByBilling.push(allowed ? `ok ${verdict.ok ? verdict.principal.clientId : ''}` : 'refused');
    response.writeHead(allowed ? 200 : 401, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(allowed ? { invoices: [{ id: 'inv-1', total: 120 }] } : { error: 'unauthorized' }),
    );
  });
  const billingPort = await listen(billing);

  const probe = createServer();
  const mcpPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  const source = readFileSync(CAPABILITY, 'utf8')
    .replaceAll('http://127.0.0.1:9401', as.issuer)
    .replaceAll('9402', String(mcpPort));
  const loaded = validateCapability({ source, filename: CAPABILITY });
  expect(loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  engine = createEngine({
    capability: createCapability(loaded.value!),
    consumers: [createHttpConsumer()],
    exposers: [createMcpExposer()],
    env: { BILLING_CLIENT_SECRET: SECRET },
    overrides: { baseUri: { billing: `http://127.0.0.1:${billingPort}` } },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  mcpUrl = (await engine.start()).find((address) => address.type === 'mcp')!.url;
});
afterAll(async () => {
  await engine?.stop();
  billing?.close();
  await as?.close();
});

describe('the oauth gateway example', () => {
  test('an agent with billing:read lists invoices; naftiko calls billing with its own token', async () => {
    const client = new Client({ name: 'support-agent', version: '1.0.0' });
    const authProvider = new ClientCredentialsProvider({
      clientId: 'support-agent',
      clientSecret: 'agent-secret',
      scope: 'billing:read',
      expectedIssuer: as.issuer,
    });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider }));
    try {
      // billing-contact needs billing:admin: this agent does not see it.
      expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['list-invoices']);
      const result = (await client.callTool({ name: 'list-invoices', arguments: {} })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect((result.content[0] as { text: string }).text).toContain('inv-1');
      // The billing API saw naftiko's token (client naftiko), not the agent's.
      expect(seenByBilling).toEqual(['ok naftiko']);
    } finally {
      await client.close();
    }
  });
});
