// sessionIdHeader (`naftiko run --session-id-header`): a proxy that routes on Mcp-Session-Id names
// the id of the session an initialize opens (deploy/nginx/naftiko.conf); only a random-looking,
// unused value is taken, and only when the option is on.
import { afterEach, describe, expect, it } from 'vitest';
import type { McpExposerOptions } from './create-mcp-exposer.js';
import { INITIALIZE, MCP_HEADERS, rawRequest } from './testing/raw-request.js';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const CAPABILITY = `naftiko: 1.0.0-alpha2
info:
  label: Greeter
  description: A test capability.
capability:
  exposes:
  - type: mcp
    namespace: greeter-mcp
    port: 9999
    description: Greets people.
    tools:
    - name: greet
      description: Greets someone.
      outputParameters:
      - name: greeting
        type: string
        value: Hello
`;

const PROPOSED = '0123456789abcdef0123456789abcdef';
let mcp: TestMcp | undefined;
afterEach(async () => {
  await mcp?.stop();
  mcp = undefined;
});

async function sessionIdOf(exposer: McpExposerOptions, proposed: string): Promise<string | undefined> {
  mcp ??= await startTestMcp({ capability: CAPABILITY, exposer });
  const response = await rawRequest({
    url: mcp.url,
    headers: { ...MCP_HEADERS, 'x-naftiko-session-id': proposed },
    body: INITIALIZE,
  });
  expect(response.status).toBe(200);
  return response.headers['mcp-session-id'] as string | undefined;
}

describe('sessionIdHeader', () => {
  it("takes the proxy's id for a new session, once, and only when it looks random", async () => {
    const on = { sessionIdHeader: 'X-Naftiko-Session-Id' };
    expect(await sessionIdOf(on, PROPOSED)).toBe(PROPOSED);
    // In use: a fresh id instead (two clients never share a session).
    expect(await sessionIdOf(on, PROPOSED)).not.toBe(PROPOSED);
    // Guessable values are not taken.
    expect(await sessionIdOf(on, 'session-1')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is off by default', async () => {
    expect(await sessionIdOf({}, PROPOSED)).not.toBe(PROPOSED);
  });
});
