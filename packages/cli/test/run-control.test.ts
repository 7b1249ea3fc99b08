// `naftiko run --control [host:]port`: a control plane for any capability, declared or not, as
// probes and `naftiko health` reach it.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { naftiko } from '../src/testing/cli-process.js';
import {
  assertBuilt,
  killAll,
  runToExit,
  SEED,
  SEED_MCP,
  startCli,
  waitForListening,
} from '../src/testing/run-support.js';

const SLOW = { timeout: 60_000 };
const CONTROLLED = 'packages/exposer-control/src/testing/sessions-control.yaml';

beforeAll(() => assertBuilt());
afterEach(() => killAll());

const controlUrl = (stdout: string) => /^control listening on (\S+)$/m.exec(stdout)?.[1];

describe('naftiko run --control', SLOW, () => {
  it('gives the seed, which declares no control expose, health, status and metrics', async () => {
    const cli = startCli([SEED, '--sandbox', '--port', `${SEED_MCP}=0`, '--control', '0']);
    await waitForListening(cli, 2);
    const url = controlUrl(cli.stdout());
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'UP', state: 'started' });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain('# TYPE');
    const health = await naftiko(['health', '--address', new URL(url as string).host]);
    expect(health.code).toBe(0);
    expect(health.stdout).toContain('ready UP');
    expect(await cli.stop()).toBe(0);
  });

  it('moves a declared control plane to the given host and port', async () => {
    const cli = startCli(
      [
        CONTROLLED,
        '--sandbox',
        '--port',
        'sessions-mcp=0',
        '--port',
        'sessions-rest=0',
        '--control',
        '127.0.0.1:0',
      ],
      { ANTHROPIC_API_KEY: 'sk-ant-unused' },
    );
    await waitForListening(cli, 3);
    const url = controlUrl(cli.stdout()) as string;
    expect(new URL(url).port).not.toBe('9192');
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
  });

  it('refuses a malformed value as a usage error (exit 2)', async () => {
    const result = await runToExit([SEED, '--sandbox', '--control', 'nine']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "--control expects [host:]port with a port from 0 to 65535 (e.g. 9091 or 0.0.0.0:9091), got 'nine'.",
    );
  });
});
