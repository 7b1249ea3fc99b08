// The documents naftiko writes for others are good enough to use as they are: `export openapi`
// passes Redocly's recommended rules (summaries, security, body and answer schemas), and the
// examples of generated SKILL.md files are calls a real server accepts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { naftiko, packageDir } from '../src/testing/cli-process.js';
import { createMcpClients, toolText } from '../src/testing/mcp-clients.js';
import { assertBuilt, killAll, startCli, waitForListening } from '../src/testing/run-support.js';

const FIXTURE = 'packages/cli/test/fixtures/openapi-quality.yaml';
const REDOCLY = join(packageDir, 'node_modules/.bin/redocly');

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'naftiko-export-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const redoclyLint = (files: string[]) =>
  new Promise<{
    code: number;
    reports: { totals: { errors: number }; problems: { ruleId: string }[] }[];
  }>((resolve) => {
    execFile(
      REDOCLY,
      ['lint', '--format', 'json', ...files],
      { env: { PATH: process.env.PATH ?? '', REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' }, timeout: 60_000 },
      (error, stdout) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        // One JSON report per file, one after the other.
        const reports = JSON.parse(
          `[${stdout.slice(stdout.indexOf('{')).replace(/}\s*{\s*"totals"/g, '},{"totals"')}]`,
        );
        resolve({ code, reports });
      },
    );
  });

describe('naftiko export openapi', { timeout: 60_000 }, () => {
  it("passes Redocly's recommended rules, with the body required and the answer's shape", async () => {
    const files: string[] = [];
    for (const [name, capability] of [
      ['quality', FIXTURE],
      ['gateway', 'examples/rest-gateway/capability.yaml'],
      ['plan', 'packages/cli/test/fixtures/rest-parameter-plan.yaml'],
    ] as const) {
      const output = join(dir, `${name}.json`);
      const result = await naftiko(['export', 'openapi', capability, '-o', output]);
      expect(result.stderr).toBe('');
      files.push(output);
    }
    const { code, reports } = await redoclyLint(files);
    expect(reports).toHaveLength(files.length);
    // Only `info-license` may warn: a capability has no license field to take it from.
    expect({
      code,
      problems: reports.flatMap((report) => report.problems).filter((p) => p.ruleId !== 'info-license'),
    }).toEqual({ code: 0, problems: [] });

    const document = JSON.parse(readFileSync(files[0] as string, 'utf8'));
    const notes = document.paths['/notes'];
    expect(notes.post.summary).toBe('Creates a note');
    expect(notes.get.summary).toBe('List notes');
    // The consumed operation sends the body whole: a create without one cannot work.
    expect(notes.post.requestBody.required).toBe(true);
    // Declared by the consumed operation only.
    expect(notes.get.responses[200].content['application/json'].schema).toEqual({
      type: 'object',
      properties: { items: { type: 'array' }, next: { type: 'string' } },
    });
    // Nothing known of the answer: the media type alone, not `{}`.
    expect(notes.post.responses[200].content['application/json']).toEqual({});
    expect(document.security).toEqual([]);
  });
});

describe('generated SKILL.md examples', { timeout: 60_000 }, () => {
  let upstream: Server;
  const received: unknown[] = [];
  const mcp = createMcpClients();

  beforeAll(async () => {
    // Accepts a note only with a title, as a real API would refuse `{}`.
    upstream = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => {
        text += chunk;
      });
      request.on('end', () => {
        const body = JSON.parse(text || 'null') as { title?: unknown } | null;
        received.push(body);
        const ok = typeof body?.title === 'string';
        response.writeHead(ok ? 201 : 400, { 'content-type': 'application/json' });
        response.end(JSON.stringify(ok ? { id: 'note_1', ...body } : { error: 'title is required' }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await mcp.closeAll();
    await killAll();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('are calls the upstream accepts, over MCP and REST', async () => {
    const out = join(dir, 'skills');
    expect((await naftiko(['skill', 'export', FIXTURE, '-o', out])).code).toBe(0);
    const skill = (name: string) => readFileSync(join(out, name, 'SKILL.md'), 'utf8');
    expect(readdirSync(out).sort()).toEqual(['notes', 'notes-mcp']);
    const mcpArgs = JSON.parse(
      /Example arguments:\n\n```json\n(.+)\n```/.exec(skill('notes-mcp'))?.[1] ?? 'null',
    );
    expect(mcpArgs).toEqual({ body: { title: 'Groceries', text: 'milk' } });
    const curl = /curl -sS -X POST '[^']+\/notes' -H 'content-type: application\/json' -d '(.+)'/.exec(
      skill('notes'),
    );
    const restBody = JSON.parse(curl?.[1] ?? 'null');
    expect(restBody).toEqual({ title: 'Groceries', text: 'milk' });

    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const cli = startCli([
      FIXTURE,
      '--base-uri',
      `notes-api=${upstreamUrl}`,
      '--port',
      'notes=0',
      '--port',
      'notes-mcp=0',
    ]);
    const urls = await waitForListening(cli, 2);
    const restUrl = urls.find((url) => !url.endsWith('/mcp')) as string;
    const client = await mcp.connect(urls.find((url) => url.endsWith('/mcp')) as string);
    const result = await client.callTool({ name: 'create-note', arguments: mcpArgs });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(toolText(result))).toMatchObject({ id: 'note_1', title: 'Groceries' });
    const response = await fetch(`${restUrl}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(restBody),
    });
    expect(response.status).toBe(201);
    expect(received).toEqual([
      { title: 'Groceries', text: 'milk' },
      { title: 'Groceries', text: 'milk' },
    ]);
    // And a POST without the body the create needs is refused before the upstream.
    expect((await fetch(`${restUrl}/notes`, { method: 'POST' })).status).toBe(400);
    expect(received).toHaveLength(2);
  });
});
