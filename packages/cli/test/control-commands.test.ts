import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createHttpConsumer } from '@naftiko/consumer-http';
import { createEngine, type Engine, loadCapability, silentLogger } from '@naftiko/core';
import { createControlExposer } from '@naftiko/exposer-control';
import { createMcpExposer } from '@naftiko/exposer-mcp';
import { createRestExposer } from '@naftiko/exposer-rest';
import { createSandbox, DEFAULT_SANDBOX_API_KEY, type Sandbox } from '@naftiko/sandbox';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { naftiko, repoRoot } from '../src/testing/cli-process.js';

const FIXTURE = join(repoRoot, 'packages/exposer-control/src/testing/sessions-control.yaml');

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

/** Starts the fixture in-process and returns the control plane's `host:port`. */
async function startEngine(withAuth = false): Promise<string> {
  let source = readFileSync(FIXTURE, 'utf8');
  if (withAuth) {
    source = source
      .replace(
        'ANTHROPIC_API_KEY: ANTHROPIC_API_KEY\n',
        'ANTHROPIC_API_KEY: ANTHROPIC_API_KEY\n      CONTROL_TOKEN: CONTROL_TOKEN\n',
      )
      .replace(
        '    - type: control\n      port: 9192\n',
        "    - type: control\n      port: 9192\n      authentication:\n        type: bearer\n        token: '{{CONTROL_TOKEN}}'\n",
      );
  }
  const loaded = loadCapability(source, { kind: 'source', filename: FIXTURE });
  if (!loaded.capability) throw new Error(JSON.stringify(loaded.diagnostics));
  engine = createEngine({
    capability: loaded.capability,
    consumers: [createHttpConsumer()],
    exposers: [createMcpExposer(), createRestExposer(), createControlExposer()],
    env: { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY, CONTROL_TOKEN: 'control-token-9' },
    overrides: {
      baseUri: { sessions: sandbox.url },
      port: { 'sessions-mcp': 0, 'sessions-rest': 0, control: 0 },
    },
    logger: silentLogger,
  });
  const addresses = await engine.start();
  const control = addresses.find((a) => a.type === 'control');
  return new URL(control!.url).host;
}

describe('control plane commands', () => {
  test('health, status and metrics read a running control plane', async () => {
    const address = await startEngine();
    const health = await naftiko(['health', '--address', address]);
    expect(health).toEqual({
      code: 0,
      stdout: 'live  UP\nready UP (3 exposes, engine started)\n',
      stderr: '',
    });

    const status = await naftiko(['status', '--address', address]);
    expect(status.code).toBe(0);
    const lines = status.stdout.split('\n');
    expect(lines[0]).toBe('capability  Sessions with a control plane (naftiko 1.0.0-alpha2)');
    expect(lines[1]).toBe(`engine      naftiko 0.1.0 on Node ${process.version}`);
    expect(lines[2]).toMatch(/^state {7}started \(UP\), up \d+s$/);
    expect(lines[3]).toMatch(/^exposes {5}mcp sessions-mcp {2}http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(lines[4]).toMatch(/^ {12}rest sessions-rest {2}http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[5]).toBe(`            control  http://${address}`);

    const json = await naftiko(['status', '--address', `http://${address}`, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'UP',
      state: 'started',
      exposes: expect.any(Array),
    });

    await engine?.invoke('sessions-mcp.create-session', {
      body: { agent: 'agent_1', environment_id: 'env_1' },
    });
    await engine?.invoke('sessions-mcp.get-session', { session_id: 'sesn_missing' }).catch(() => undefined);
    const metrics = await naftiko([
      'metrics',
      '--address',
      address,
      '--filter',
      '^naftiko_action_requests_total',
    ]);
    expect(metrics.code).toBe(0);
    expect(metrics.stdout.trimEnd().split('\n').sort()).toEqual([
      'naftiko_action_requests_total{kind="tool",target="sessions-mcp.create-session",outcome="ok"} 1',
      'naftiko_action_requests_total{kind="tool",target="sessions-mcp.get-session",outcome="upstream_status"} 1',
    ]);
    const all = await naftiko(['metrics', '--address', address]);
    expect(all.stdout).toContain('# TYPE naftiko_upstream_responses_total counter');
    expect(all.stdout).toContain(
      'naftiko_upstream_responses_total{target="sessions.get",status="404",outcome="upstream_status"} 1',
    );
  });

  test('credentials come from --token or NAFTIKO_CONTROL_TOKEN; a refusal says how to pass them', async () => {
    const address = await startEngine(true);
    const refused = await naftiko(['status', '--address', address]);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `naftiko: http://${address}/status answered 401: Missing or invalid credentials for the control plane. Pass the credential with --token (bearer) or --header 'name: value'.\n`,
    });
    expect((await naftiko(['status', '--address', address, '--token', 'control-token-9'])).code).toBe(0);
    expect(
      (
        await naftiko(['health'], {
          env: { NAFTIKO_CONTROL_ADDRESS: address, NAFTIKO_CONTROL_TOKEN: 'control-token-9' },
        })
      ).code,
    ).toBe(0);
    expect(
      (await naftiko(['metrics', '--address', address, '--header', 'authorization: Bearer control-token-9']))
        .code,
    ).toBe(0);
  });

  test('nothing listening, a wrong address or a bad filter is a clear failure', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const { port } = blocker.address() as { port: number };
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const down = await naftiko(['health', '--address', `127.0.0.1:${port}`]);
    expect(down).toEqual({
      code: 1,
      stdout: '',
      stderr: `naftiko: no control plane answers at http://127.0.0.1:${port} (connection refused). Run a capability with a \`type: control\` expose (naftiko run <file>), or point --address at its control port.\n`,
    });
    const bad = await naftiko(['status', '--address', 'not an address']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--address 'not an address' is not host:port");
    const filter = await naftiko(['metrics', '--filter', '(']);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toContain("--filter '(' is not a valid regular expression");
  });
});
