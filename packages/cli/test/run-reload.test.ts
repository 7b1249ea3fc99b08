// Hot reload end to end: the built CLI with --watch (and SIGHUP), an official MCP SDK client,
// REST over fetch and a local upstream. A valid edit is swapped in while a call is in flight and
// the session is told its tool list changed; an invalid one is logged with file:line:col and the
// running version keeps serving; a new listener is refused with a restart message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMcpClients, toolText } from '../src/testing/mcp-clients.js';
import { assertBuilt, killAll, startCli, until, waitForListening } from '../src/testing/run-support.js';

const SLOW = { timeout: 60_000 };

interface Version {
  /** Name of the second tool (renamed between versions). */
  tool: string;
  /** Extra REST resource. */
  rest?: string;
  /** Breaks the file: a call to an operation that does not exist. */
  broken?: boolean;
  /** Adds a listener: needs a restart. */
  extraExpose?: boolean;
}

const capability = (v: Version) => `naftiko: 1.0.0-alpha2
info:
  label: Reloadable
  description: A capability the hot reload test edits while it runs.
capability:
  consumes:
    - type: http
      namespace: up
      description: A local items API the test starts.
      baseUri: http://127.0.0.1:1
      resources:
        - name: items
          path: /items
          operations:
            - name: list
              method: GET
        - name: slow
          path: /slow
          operations:
            - name: wait
              method: GET
  exposes:
    - type: mcp
      namespace: live-mcp
      port: 9311
      tools:
        - name: slow
          description: Waits for the test to release it
          call: up.wait
        - name: ${v.tool}
          description: Lists the items
          call: ${v.broken ? 'up.nope' : 'up.list'}
${
  v.extraExpose
    ? `    - type: mcp
      namespace: extra-mcp
      port: 9399
      tools:
        - name: more
          description: More
          call: up.list
`
    : ''
}    - type: rest
      namespace: live-rest
      port: 9312
      resources:
        - path: /items
          name: items
          description: The items.
          operations:
            - method: GET
              name: list-items
              call: up.list
${
  v.rest
    ? `        - path: /${v.rest}
          name: ${v.rest}
          description: The items again.
          operations:
            - method: GET
              name: list-${v.rest}
              call: up.list
`
    : ''
}`;

let upstream: Server;
let upstreamUrl: string;
let releaseSlow: (() => void)[] = [];
let dir: string;
const mcp = createMcpClients();

beforeAll(() => assertBuilt());
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'naftiko-reload-'));
  releaseSlow = [];
  upstream = createServer((request, response) => {
    const answer = () => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ items: ['a', 'b'], path: request.url }));
    };
    if (request.url === '/slow') releaseSlow.push(answer);
    else answer();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await mcp.closeAll();
  await killAll();
  for (const release of releaseSlow) release();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const start = (file: string, extra: string[]) =>
  startCli([
    file,
    '--port',
    'live-mcp=0',
    '--port',
    'live-rest=0',
    '--base-uri',
    `up=${upstreamUrl}`,
    ...extra,
  ]);

/** A connected client counting the tools/list_changed notifications it receives. */
async function connectCounting(url: string) {
  const client = await mcp.connect(url);
  const counter = { changed: 0 };
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    counter.changed += 1;
  });
  // The SDK opens its standalone SSE stream (where list_changed travels) after initialize.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { client, counter };
}

const toolNames = async (client: Awaited<ReturnType<typeof connectCounting>>['client']) =>
  (await client.listTools()).tools.map((tool) => tool.name).sort();

describe('naftiko run --watch', SLOW, () => {
  it('swaps a valid edit in under a call in flight, keeps serving through an invalid one, refuses a new listener', async () => {
    const file = join(dir, 'capability.yaml');
    writeFileSync(file, capability({ tool: 'list' }));
    const cli = start(file, ['--watch']);
    const [mcpUrl, restUrl] = await waitForListening(cli, 2);
    const { client, counter } = await connectCounting(mcpUrl as string);
    expect(await toolNames(client)).toEqual(['list', 'slow']);
    expect((await fetch(`${restUrl}/again`)).status).toBe(404);

    // A call in flight on version 1 ...
    const inFlight = client.callTool({ name: 'slow', arguments: {} });
    await until(() => releaseSlow.length === 1, 'the slow call to reach the upstream');

    // ... while version 2 renames a tool and adds a REST route.
    writeFileSync(file, capability({ tool: 'items', rest: 'again' }));
    await until(() => counter.changed === 1, 'tools/list_changed');
    expect(cli.stderr()).toContain('reloaded');
    expect(await toolNames(client)).toEqual(['items', 'slow']);
    expect(JSON.parse(toolText(await client.callTool({ name: 'items', arguments: {} })))).toMatchObject({
      items: ['a', 'b'],
    });
    expect((await fetch(`${restUrl}/again`)).status).toBe(200);

    // The call that started on version 1 finishes there, on its consumer (not closed under it).
    releaseSlow.shift()?.();
    const slow = await inFlight;
    expect(slow.isError).toBeFalsy();
    expect(JSON.parse(toolText(slow))).toMatchObject({ path: '/slow' });

    // Invalid: logged with file:line:col, version 2 keeps serving.
    writeFileSync(file, capability({ tool: 'broken', broken: true }));
    await until(() => cli.stderr().includes('reload refused'), 'the refused reload');
    expect(cli.stderr()).toMatch(/capability\.yaml:\d+:\d+ [a-z-]+: .*up\.nope/);
    expect(await toolNames(client)).toEqual(['items', 'slow']);
    expect((await fetch(`${restUrl}/items`)).status).toBe(200);

    // A new listener needs a restart: said in the log, version 2 keeps serving.
    writeFileSync(file, capability({ tool: 'items', extraExpose: true }));
    await until(() => cli.stderr().includes('needs a restart'), `the restart message in\n${cli.stderr()}`);
    // JSON log lines escape the quotes.
    expect(cli.stderr()).toMatch(/mcp expose \\"extra-mcp\\" added/);
    expect(await toolNames(client)).toEqual(['items', 'slow']);
    expect(counter.changed).toBe(1);

    expect(await cli.stop()).toBe(0);
  });

  it('reloads on SIGHUP without --watch', async () => {
    const file = join(dir, 'capability.yaml');
    writeFileSync(file, capability({ tool: 'list' }));
    const cli = start(file, []);
    const [mcpUrl] = await waitForListening(cli, 2);
    const { client, counter } = await connectCounting(mcpUrl as string);
    writeFileSync(file, capability({ tool: 'renamed' }));
    // Without --watch nothing happens until the signal.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await toolNames(client)).toEqual(['list', 'slow']);
    cli.child.kill('SIGHUP');
    await until(() => counter.changed === 1, 'tools/list_changed after SIGHUP');
    expect(await toolNames(client)).toEqual(['renamed', 'slow']);
    expect(await cli.stop()).toBe(0);
  });
});
