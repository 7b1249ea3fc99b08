// `naftiko run` start-up behaviour of the built CLI: what it refuses, and how it says so.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, DEFAULT_SANDBOX_API_KEY } from '@naftiko/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
let work: string;

beforeAll(async () => {
  assertBuilt();
  work = await mkdtemp(join(tmpdir(), 'naftiko-run-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});
afterEach(() => killAll());

/** Lines of stderr that are not JSON log lines. */
const messages = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('{'))
    .join('\n');

describe('naftiko run refuses to start', SLOW, () => {
  it('without ANTHROPIC_API_KEY: names it, says how to set it, and offers --sandbox', async () => {
    const result = await runToExit([SEED]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(messages(result.stderr)).toMatchInlineSnapshot(`
      "naftiko: cannot start capabilities/managed-agents-sessions.yaml: ANTHROPIC_API_KEY is not set.
        ANTHROPIC_API_KEY: the environment variable bind "env" reads for ANTHROPIC_API_KEY.
          Set it:  export ANTHROPIC_API_KEY=...   or put ANTHROPIC_API_KEY=... in a file passed with --env-file <file>
      No key? 'naftiko run capabilities/managed-agents-sessions.yaml --sandbox' runs against the built-in sandbox, offline."
    `);
  });

  it('on an invalid capability, with the diagnostics of validate', async () => {
    const file = join(work, 'broken.yaml');
    await writeFile(
      file,
      `naftiko: 1.0.0-alpha2
capability:
  exposes:
  - type: mcp
    namespace: broken-mcp
    port: 9090
    tools:
    - name: nothing
      description: Calls nothing
      call: missing.operation
`,
    );
    const result = await runToExit([file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/broken\.yaml:10:13 +error +.*missing\.operation/);
    expect(result.stderr).toContain(`naftiko: ${file} is invalid; fix the errors above, then run it again.`);
  });

  it('on a port in use, naming the port and the flag that changes it', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const result = await runToExit([SEED, '--sandbox', '--port', `${SEED_MCP}=${port}`]);
      expect(result.code).toBe(1);
      expect(messages(result.stderr)).toBe(
        `naftiko: mcp expose "${SEED_MCP}" could not start: port ${port} on 127.0.0.1 is already in use; stop the other process or choose another port.\n` +
          `Pick another port with --port ${SEED_MCP}=<port> (0 picks a free one).`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('on a REST port in use, naming the flag that changes it', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const gateway = fileURLToPath(new URL('../../../examples/rest-gateway/capability.yaml', import.meta.url));
    try {
      const result = await runToExit([gateway, '--sandbox', '--port', `sessions-gateway=${port}`]);
      expect(result.code).toBe(1);
      expect(messages(result.stderr)).toMatch(
        new RegExp(
          `^naftiko: rest "sessions-gateway" cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*\n` +
            'Pick another port with --port sessions-gateway=<port> \\(0 picks a free one\\)\\.$',
        ),
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('on bad flags, as usage errors (exit 2)', async () => {
    const malformed = await runToExit([SEED, '--sandbox', '--port', 'nonsense']);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("--port expects <namespace>=<port>, got 'nonsense'.");
    const unknown = await runToExit([SEED, '--sandbox', '--port', 'nope-mcp=0']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'port override names "nope-mcp", but no exposes entry has that namespace',
    );
    const missingFile = await runToExit(['does-not-exist.yaml']);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toBe("naftiko: Cannot read 'does-not-exist.yaml': no such file.\n");
  });
});

describe('naftiko run configuration', SLOW, () => {
  it('starts every expose and prints one line per listener', async () => {
    const file = join(work, 'skill.yaml');
    await writeFile(
      file,
      `naftiko: 1.0.0-alpha2
info:
  label: Skills
  description: A capability with a skill catalog.
capability:
  exposes:
  - type: mcp
    namespace: tools-mcp
    port: 9999
    tools:
    - name: hello
      description: Says hello
      outputParameters:
      - name: text
        type: string
        value: hello
  - type: skill
    namespace: catalog
    port: 9998
    skills:
    - name: greeting
      description: Greets people.
      tools:
      - name: hello
        description: Says hello
        from:
          sourceNamespace: tools-mcp
          action: hello
`,
    );
    const cli = startCli([file, '--port', 'tools-mcp=0', '--port', 'catalog=0']);
    await waitForListening(cli, 2);
    expect(cli.stdout()).toMatch(
      /^mcp tools-mcp listening on http:\/\/127\.0\.0\.1:\d+\/mcp\nskill catalog listening on http:\/\/127\.0\.0\.1:\d+\S*\n$/,
    );
    expect(await cli.stop('SIGINT')).toBe(0);
  });

  it('reads the key from --env-file and binds --host', async () => {
    const sandbox = await createSandbox();
    try {
      const envFile = join(work, '.env');
      await writeFile(envFile, `# the sandbox key\nexport ANTHROPIC_API_KEY="${DEFAULT_SANDBOX_API_KEY}"\n`);
      const cli = startCli([
        SEED,
        '--env-file',
        envFile,
        '--host',
        'localhost',
        '--base-uri',
        `managed-agents-sessions=${sandbox.url}`,
        '--port',
        `${SEED_MCP}=0`,
      ]);
      const [url] = await waitForListening(cli);
      expect(url).toMatch(/^http:\/\/localhost:\d+\/mcp$/);
      const response = await fetch(url as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-11-25',
            capabilities: {},
            clientInfo: { name: 'x', version: '1' },
          },
        }),
      });
      expect(response.status).toBe(200);
      expect(await cli.stop('SIGINT')).toBe(0);
    } finally {
      await sandbox.close();
    }
  });
});
