// `naftiko run` as an OAuth 2.1 resource server, end to end: the built CLI, a real authorization
// server (oidc-provider, in-process) and the official MCP SDK client with its client-credentials
// auth provider, which finds everything through discovery (401 -> RFC 9728 metadata -> RFC 8414
// metadata -> token for the resource -> retry), as an MCP host does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  startAuthorizationServer,
  type TestAuthorizationServer,
} from '@naftiko/core/testing/authorization-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toolText } from '../src/testing/mcp-clients.js';
import { assertBuilt, killAll, startCli, waitForListening } from '../src/testing/run-support.js';

const SLOW = { timeout: 60_000 };
let as: TestAuthorizationServer;
let dir: string | undefined;
const clients: Client[] = [];

beforeAll(async () => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'naftiko-oauth-'));
  as = await startAuthorizationServer({
    clients: [
      { clientId: 'agent', clientSecret: 'agent-secret', scope: 'tools:read tools:write' },
      { clientId: 'reader', clientSecret: 'reader-secret', scope: 'tools:read' },
    ],
    scopes: ['tools:read', 'tools:write'],
  });
});
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
  await killAll();
});
afterAll(async () => {
  await as?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** A port free right now: the resource URI in the capability must name the port it serves. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startGateway() {
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  const file = join(dir as string, `oauth-${port}.yaml`);
  writeFileSync(
    file,
    `naftiko: 1.0.0-alpha2
info:
  label: OAuth-protected tools
  description: Two tools, each behind its own scope.
capability:
  exposes:
    - type: mcp
      namespace: tools
      port: ${port}
      authentication:
        type: oauth2
        authorizationServerUri: ${as.issuer}
        resource: ${resource}
        scopes: [tools:read, tools:write]
      tools:
        - name: read-report
          description: Reads the report.
          scopes: [tools:read]
          outputParameters:
            - name: report
              type: string
              value: all green
        - name: publish-report
          description: Publishes the report.
          scopes: [tools:write]
          outputParameters:
            - name: published
              type: boolean
              value: 'true'
`,
  );
  const cli = startCli([file]);
  const [url] = await waitForListening(cli);
  return { url: url as string, resource, cli };
}

async function connect(url: string, clientId: string, clientSecret: string, scope?: string) {
  const client = new Client({ name: 'oauth-e2e', version: '1.0.0' });
  const authProvider = new ClientCredentialsProvider({
    clientId,
    clientSecret,
    expectedIssuer: as.issuer,
    ...(scope ? { scope } : {}),
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider }));
  clients.push(client);
  return client;
}

describe('naftiko run with oauth2 inbound', SLOW, () => {
  it('serves RFC 9728 metadata and a 401 that points at it', async () => {
    const { url, resource } = await startGateway();
    const origin = new URL(url).origin;
    const refused = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp", scope="tools:read tools:write"`,
    );
    for (const path of [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]) {
      const metadata = await fetch(`${origin}${path}`);
      expect(metadata.status).toBe(200);
      expect(await metadata.json()).toEqual({
        resource,
        authorization_servers: [as.issuer],
        scopes_supported: ['tools:read', 'tools:write'],
        bearer_methods_supported: ['header'],
      });
    }
  });

  it('lets the MCP SDK client discover, get a token and call what its scopes allow', async () => {
    const { url } = await startGateway();
    const before = as.tokenRequests;
    const reader = await connect(url, 'reader', 'reader-secret', 'tools:read');
    expect((await reader.listTools()).tools.map((tool) => tool.name)).toEqual(['read-report']);
    expect(toolText(await reader.callTool({ name: 'read-report', arguments: {} }))).toContain('all green');
    // One token for the session's requests.
    expect(as.tokenRequests - before).toBe(1);
    // The reader may not get tools:write, so the SDK's step-up fails and the call is refused.
    await expect(reader.callTool({ name: 'publish-report', arguments: {} })).rejects.toThrow(
      /invalid_scope|403/,
    );

    const agent = await connect(url, 'agent', 'agent-secret', 'tools:read tools:write');
    expect((await agent.listTools()).tools.map((tool) => tool.name)).toEqual([
      'read-report',
      'publish-report',
    ]);
    expect(toolText(await agent.callTool({ name: 'publish-report', arguments: {} }))).toContain('true');
  });

  it('answers 403 insufficient_scope naming the scope a call needs', async () => {
    const { url, resource, cli } = await startGateway();
    const token = await as.token({
      clientId: 'reader',
      clientSecret: 'reader-secret',
      resource,
      scope: 'tools:read',
    });
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const call = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'publish-report', arguments: {} },
      }),
    });
    expect(call.status).toBe(403);
    // A 2026-07-28 client (no session) with the same token sees only what its scopes allow too.
    const modern = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/list',
        params: {
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': {},
            'io.modelcontextprotocol/clientInfo': { name: 'oauth-e2e', version: '1.0.0' },
          },
        },
      }),
    });
    expect(modern.status).toBe(200);
    const listed = (await modern.json()) as { result?: { tools?: { name: string }[] } };
    expect(listed.result?.tools?.map((tool) => tool.name)).toEqual(['read-report']);
    expect(call.headers.get('www-authenticate')).toMatch(
      /^Bearer error="insufficient_scope", scope="tools:write", resource_metadata="/,
    );
    const body = await call.text();
    expect(body).toContain('tool \\"publish-report\\" needs the scope tools:write');
    expect(body).not.toContain(token);
    const foreign = await as.token({
      clientId: 'reader',
      clientSecret: 'reader-secret',
      resource: 'https://other.example.com',
    });
    const wrongAudience = await fetch(url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${foreign}` },
      body: '{}',
    });
    expect(wrongAudience.status).toBe(401);
    // Tokens never reach the log.
    expect(cli.stderr() + cli.stdout()).not.toContain(token.slice(-20));
    expect(cli.stderr() + cli.stdout()).not.toContain(foreign.slice(-20));
    expect(wrongAudience.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", error_description="the token is not for this resource/,
    );
  });
});
