// `naftiko validate` and `naftiko run` on an ikanos 1.0.0-beta5 file (maps keyed by name, an
// import with `from`/`as`, flows, `target`), through the built CLI, against a real local upstream.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { naftiko } from '../src/testing/cli-process.js';
import { createMcpClients, toolText } from '../src/testing/mcp-clients.js';
import { type RecordingUpstream, startRecordingUpstream } from '../src/testing/recording-upstream.js';
import {
  assertBuilt,
  killAll,
  packageDir,
  runToExit,
  startCli,
  waitForListening,
} from '../src/testing/run-support.js';

const SLOW = { timeout: 60_000 };
const HARBOUR = join(packageDir, 'test/fixtures/ikanos/harbour.yaml');
const LIBRARY = join(packageDir, 'test/fixtures/ikanos/shared/harbour-consumes.yaml');

let upstream: RecordingUpstream;
const mcp = createMcpClients();

beforeAll(() => assertBuilt());
beforeEach(async () => {
  upstream = await startRecordingUpstream();
});
afterEach(async () => {
  await mcp.closeAll();
  await killAll();
  await upstream.close();
});

describe('an ikanos 1.0.0-beta5 capability', SLOW, () => {
  it('validate says which version it read', async () => {
    const result = await naftiko(['validate', 'test/fixtures/ikanos/harbour.yaml'], { cwd: packageDir });
    expect(result).toEqual({
      code: 0,
      stdout: 'ok  test/fixtures/ikanos/harbour.yaml (ikanos 1.0.0-beta5)\n\n✔ 1 file valid\n',
      stderr: '',
    });
  });

  it('runs: its tools and REST route send the upstream the requests the file declares', async () => {
    await expectHarbourTraffic(HARBOUR);
  });

  it('migrated to alpha2, it validates, lists the same tools and sends the same requests', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'naftiko-migrate-'));
    try {
      await mkdir(join(dir, 'shared'));
      await copyFile(LIBRARY, join(dir, 'shared/harbour-consumes.yaml'));
      const out = join(dir, 'harbour.alpha2.yaml');
      const migrated = await naftiko(['migrate', HARBOUR, '--to', '1.0.0-alpha2', '-o', out]);
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toBe('');
      expect(migrated.stderr).toContain(
        '`version` has no place in 1.0.0-alpha2; it was dropped  [migrate-dropped]',
      );
      const text = await readFile(out, 'utf8');
      expect(text).toMatch(/^naftiko: "1\.0\.0-alpha2"$/m);
      // Comments stay.
      expect(text).toContain('# An ikanos 1.0.0-beta5 capability');
      const validated = await naftiko(['validate', out, '--dialect', 'official']);
      expect(validated).toMatchObject({ code: 0, stdout: '✔ 1 file valid\n' });
      await upstream.close();
      upstream = await startRecordingUpstream();
      await expectHarbourTraffic(out);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a standalone consumes file validates without its variables, and `run` says it exposes nothing', async () => {
    const validated = await naftiko(['validate', 'test/fixtures/ikanos/shared/harbour-consumes.yaml'], {
      cwd: packageDir,
    });
    expect(validated).toMatchObject({ code: 0, stdout: expect.stringContaining('✔ 1 file valid') });
    const run = await runToExit([LIBRARY], { HARBOUR_TOKEN: 'x' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('exposes nothing to run (a standalone consumes file');
  });
});

/** Starts `file` (harbour.yaml, or a migration of it) and checks its tools and upstream requests. */
async function expectHarbourTraffic(file: string): Promise<void> {
  const cli = startCli(
    [file, '--base-uri', `harbour=${upstream.url}`, '--port', 'harbour-mcp=0', '--port', 'harbour-rest=0'],
    { HARBOUR_TOKEN: 'harbour-secret' },
  );
  const [mcpUrl, restUrl] = await waitForListening(cli, 2);
  const client = await mcp.connect(mcpUrl as string);

  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name).sort()).toEqual(['find-ship', 'list-ships', 'ship-with-berths']);
  expect(tools.find((tool) => tool.name === 'list-ships')).toMatchObject({
    title: 'List ships',
    inputSchema: { properties: { status: { type: 'string' } } },
  });

  const listed = await client.callTool({ name: 'list-ships', arguments: { status: 'active' } });
  expect(listed.isError).toBeFalsy();
  expect(upstream.requests[0]).toMatchObject({
    method: 'GET',
    url: '/ships?status=active',
    headers: { authorization: 'Bearer harbour-secret', 'api-version': '2' },
  });

  const orchestrated = await client.callTool({ name: 'ship-with-berths', arguments: { imo: '9074729' } });
  expect(JSON.parse(toolText(orchestrated))).toEqual({ ship: true, berths: true });
  const viaFlow = await client.callTool({ name: 'find-ship', arguments: { imo: '9321483' } });
  expect(viaFlow.isError).toBeFalsy();

  const rest = await fetch(`${restUrl}/ships/9999999`);
  expect(rest.status).toBe(200);
  expect(upstream.requests.map(({ method, url }) => `${method} ${url}`)).toEqual([
    'GET /ships?status=active',
    'GET /ships/9074729',
    'GET /berths',
    'GET /ships/9321483',
    'GET /ships/9999999',
  ]);
  await mcp.closeAll();
  await killAll();
}
