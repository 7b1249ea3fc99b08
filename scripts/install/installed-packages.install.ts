// The tarballs `pnpm release:pack` writes to release/ work outside the workspace: installed with
// plain npm in an empty folder, the `naftiko` bin validates and serves the seed (a real MCP client
// lists its tools), and the embedding example runs against the installed @naftiko/core.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const releaseDir = join(repoRoot, 'release');
const SEED = join(repoRoot, 'capabilities/managed-agents-sessions.yaml');
let work: string;
const children: ChildProcess[] = [];

/** Starts a long-running command in the install folder; resolves with the first `listening on URL`. */
function startListening(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(command, args, { cwd: work, env: { ...process.env, ...env } });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = / listening on (http\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}

beforeAll(async () => {
  const tarballs = existsSync(releaseDir)
    ? readdirSync(releaseDir).filter((name) => name.endsWith('.tgz'))
    : [];
  if (tarballs.length === 0) throw new Error(`no tarballs in ${releaseDir}: run 'pnpm release:pack' first`);
  work = mkdtempSync(join(tmpdir(), 'naftiko-install-'));
  writeFileSync(join(work, 'package.json'), '{"private":true,"type":"module"}\n');
  copyFileSync(SEED, join(work, 'seed.yaml'));
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', ...tarballs.map((name) => join(releaseDir, name))],
    {
      cwd: work,
    },
  );
});

afterAll(() => {
  for (const child of children) child.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarballs, installed with npm in an empty folder', () => {
  test('npx naftiko --version prints the CLI version', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8'));
    const { stdout } = await run('npx', ['naftiko', '--version'], { cwd: work });
    expect(stdout.trim()).toBe(version);
  });

  test('npx naftiko validate passes the seed and fails a broken file', async () => {
    const { stdout } = await run('npx', ['naftiko', 'validate', 'seed.yaml'], { cwd: work });
    expect(stdout).toContain('seed.yaml');
    writeFileSync(join(work, 'broken.yaml'), 'naftiko: 1.0.0-alpha2\ninfo: {}\n');
    const broken = await run('npx', ['naftiko', 'validate', 'broken.yaml'], { cwd: work }).catch(
      (error) => error,
    );
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/broken\.yaml:\d+:\d+ +error/);
  });

  test('naftiko run --sandbox serves the seed to a real MCP client', async () => {
    // The installed bin itself (what npx runs), so stopping it stops the server: npx would leave
    // its child running.
    const url = await startListening(join(work, 'node_modules/.bin/naftiko'), [
      'run',
      'seed.yaml',
      '--sandbox',
      '--port',
      'managed-agents-sessions-mcp=0',
    ]);
    const client = new Client({ name: 'install-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual([
        'anthropic-create-session',
        'anthropic-list-sessions',
        'anthropic-get-session',
        'anthropic-send-session-events',
        'anthropic-delete-session',
      ]);
      const created = await client.callTool({
        name: 'anthropic-create-session',
        arguments: { body: { agent: 'agent_install', environment_id: 'env_install' } },
      });
      expect(created.isError).toBeFalsy();
      expect(created.structuredContent).toMatchObject({ type: 'session', status: 'idle' });
    } finally {
      await client.close();
    }
  });

  test('the embedding example runs against the installed @naftiko/core and the installed sandbox', async () => {
    const sandbox = await startListening(join(work, 'node_modules/.bin/naftiko-sandbox'), ['--port', '0']);
    copyFileSync(join(repoRoot, 'examples/embedding/embed.mjs'), join(work, 'embed.mjs'));
    const { stdout } = await run(
      process.execPath,
      [
        'embed.mjs',
        '--capability',
        'seed.yaml',
        '--base-uri',
        sandbox,
        '--agent',
        'agent_install',
        '--environment',
        'env_install',
      ],
      { cwd: work, env: { ...process.env, ANTHROPIC_API_KEY: 'sk-ant-sandbox' } },
    );
    const result = JSON.parse(stdout);
    expect(result.created).toMatchObject({ type: 'session', environment_id: 'env_install' });
    expect(result.fetched).toMatchObject({ id: result.created.id });
    expect(result.listed.data.map((session: { id: string }) => session.id)).toEqual([result.created.id]);
    // The example resolved @naftiko/core from the install folder, not from the workspace.
    expect(existsSync(join(work, 'node_modules/@naftiko/core/dist/index.js'))).toBe(true);
  });
});
