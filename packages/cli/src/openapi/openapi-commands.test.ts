import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateCapability } from '@naftiko/spec';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CliIo } from '../cli-io.js';
import { commands } from '../commands.js';
import { main } from '../main.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const GATEWAY = join(root, 'examples/rest-gateway/capability.yaml');
const SEED = join(root, 'capabilities/managed-agents-sessions.yaml');
const PETSTORE = join(root, 'packages/exposer-rest/src/import/fixtures/petstore-3.0.yaml');

let cwd: string;
let server: Server | undefined;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'naftiko-openapi-'));
});
afterEach(async () => {
  rmSync(cwd, { recursive: true, force: true });
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text) => void out.push(text) },
    stderr: { write: (text) => void err.push(text) },
    cwd,
    env: {},
  };
  const code = await main({ argv, io, commands });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('naftiko export openapi', () => {
  test('writes the rest expose as OpenAPI 3.1 YAML on stdout, or JSON to -o', async () => {
    const yaml = await run(['export', 'openapi', GATEWAY]);
    expect(yaml).toMatchObject({ code: 0, stderr: '' });
    expect(yaml.stdout.split('\n').slice(0, 4)).toEqual([
      'openapi: 3.1.0',
      'info:',
      '  title: Managed Agents sessions gateway',
      '  version: "2026-06-01"',
    ]);

    const json = await run([
      'export',
      'openapi',
      GATEWAY,
      '--namespace',
      'sessions-gateway',
      '-o',
      'out.json',
    ]);
    expect(json).toEqual({ code: 0, stdout: '', stderr: '' });
    const document = JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'));
    expect(document).toMatchObject({
      openapi: '3.1.0',
      info: { title: 'Managed Agents sessions gateway' },
      servers: [{ url: 'http://127.0.0.1:8787' }],
    });
    expect(
      document.paths['/v1/sessions/{session_id}/events/stream'].get.responses['200'].content,
    ).toHaveProperty('text/event-stream');

    expect(yaml.stdout).toContain('  /v1/sessions/{session_id}/events/stream:\n');
    const forced = await run(['export', 'openapi', GATEWAY, '-o', 'out.txt', '--format', 'json']);
    expect(forced.code).toBe(0);
    expect(() => JSON.parse(readFileSync(join(cwd, 'out.txt'), 'utf8'))).not.toThrow();
  });

  test('says what is wrong: no rest expose, unknown namespace, invalid or missing file, bad kind', async () => {
    const seed = await run(['export', 'openapi', SEED]);
    expect(seed.code).toBe(1);
    expect(seed.stderr).toContain('has no `type: rest` expose');

    const unknown = await run(['export', 'openapi', GATEWAY, '-n', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("has no rest expose 'nope'; its rest exposes are: sessions-gateway");

    writeFileSync(join(cwd, 'broken.yaml'), 'naftiko: 1.0.0-alpha2\ncapability:\n  exposes: 12\n');
    const broken = await run(['export', 'openapi', 'broken.yaml']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('broken.yaml is not a valid capability');
    expect(broken.stderr).not.toMatch(/\n\s+at /);

    const missing = await run(['export', 'openapi', 'absent.yaml']);
    expect(missing.code).toBe(2);

    const kind = await run(['export', 'swagger', GATEWAY]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain("Unknown export kind 'swagger'. Did you mean 'openapi'?");
  });
});

describe('naftiko import openapi', () => {
  test('a file becomes a capability that validates in the official dialect', async () => {
    const result = await run([
      'import',
      'openapi',
      PETSTORE,
      '-o',
      'petstore.yaml',
      '--namespace',
      'petstore',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('wrote petstore.yaml (6 tools)');
    // Warnings name what was left out of the document.
    expect(result.stderr).toContain('openapi-body-unsupported');
    const written = join(cwd, 'petstore.yaml');
    expect(await run(['validate', 'petstore.yaml', '--dialect', 'official', '--strict'])).toMatchObject({
      code: 0,
    });
    const validated = validateCapability({ path: written, dialect: 'official' });
    expect(validated.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const tools = validated.value?.document.capability?.exposes?.[0];
    expect(tools?.type === 'mcp' ? tools.tools.map((tool) => tool.name) : []).toEqual([
      'list-pets',
      'create-pets',
      'show-pet-by-id',
      'put-pets-pet-id',
      'delete-pet',
      'upload-photo',
    ]);
  });

  test('a URL is fetched; relative servers resolve against it; stdout by default', async () => {
    const text = readFileSync(
      join(root, 'packages/exposer-rest/src/import/fixtures/sessions-3.1.yaml'),
      'utf8',
    );
    server = createServer((_request, response) => response.end(text));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = await run(['import', 'openapi', `${url}/openapi.yaml`, '--port', '4100']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `    - type: http\n      namespace: agent-sessions\n      baseUri: ${url}/api\n`,
    );
    expect(result.stdout).toContain('      port: 4100\n');
  });

  test('documents that cannot be imported exit 1 with the reason; unreadable ones exit 2', async () => {
    writeFileSync(
      join(cwd, 'relative.yaml'),
      'openapi: 3.1.0\ninfo: {title: T, version: "1"}\nservers: [{url: /v1}]\npaths: {/a: {get: {}}}\n',
    );
    const relative = await run(['import', 'openapi', 'relative.yaml']);
    expect(relative.code).toBe(1);
    expect(relative.stderr).toContain('--base-uri');
    expect(
      (await run(['import', 'openapi', 'relative.yaml', '--base-uri', 'https://api.test/v1'])).code,
    ).toBe(0);

    const missing = await run(['import', 'openapi', 'absent.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');

    const port = await run(['import', 'openapi', 'relative.yaml', '--port', '99999']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be an integer from 1 to 65535');
  });
});
