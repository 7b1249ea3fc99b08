import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createHttpConsumer } from '@naftiko/consumer-http';
import { createEngine, type Engine, isNaftikoError, silentLogger } from '@naftiko/core';
import { createMcpExposer } from '@naftiko/exposer-mcp';
import { createRestExposer } from '@naftiko/exposer-rest';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createSkillExposer } from './create-skill-exposer.js';
import type { DerivedSkillTool } from './describe-skill-tools.js';
import { fixturesDir, loadFixture } from './testing/load-fixture.js';
import { type OrdersUpstream, startOrdersUpstream } from './testing/start-orders-upstream.js';

const PORTS = { 'orders-rest': 0, 'orders-mcp': 0, 'orders-skills': 0 };

let upstream: OrdersUpstream;
let dir: string;
let engine: Engine | undefined;
let secretPath: string;

beforeEach(async () => {
  upstream = await startOrdersUpstream();
  dir = await mkdtemp(join(tmpdir(), 'naftiko-skill-'));
  await cp(fixturesDir, dir, { recursive: true });
  // Hostile content beside the legitimate files: a secret outside the folder and a link to it,
  // a dot file, and a file over the size cap.
  secretPath = join(dir, 'secret.txt');
  await writeFile(secretPath, 'TOP-SECRET');
  const folder = join(dir, 'skills/order-management');
  await symlink(secretPath, join(folder, 'escape.md'));
  await symlink(join(folder, 'order-guide.md'), join(folder, 'guide-link.md'));
  await writeFile(join(folder, '.env'), 'API_KEY=hunter2');
  await writeFile(join(folder, 'big.bin'), Buffer.alloc(2048, 1));
});
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await upstream.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(transform: (yaml: string) => string = (yaml) => yaml): Promise<Record<string, string>> {
  const source = transform(await readFile(join(dir, 'orders-skills.yaml'), 'utf8'));
  const path = join(dir, 'capability.yaml');
  await writeFile(path, source);
  engine = createEngine({
    capability: loadFixture(path),
    consumers: [createHttpConsumer()],
    exposers: [
      createRestExposer(),
      createMcpExposer(),
      createSkillExposer({ limits: { maxFileBytes: 1024 } }),
    ],
    env: { SKILL_TOKEN: 'skill-token-123' },
    overrides: { baseUri: { 'mock-orders': upstream.url }, port: PORTS },
    logger: silentLogger,
  });
  const addresses = await engine.start();
  return Object.fromEntries(addresses.map((a) => [a.namespace ?? a.type, a.url]));
}

/** A request whose path is sent byte for byte (fetch normalises dot segments). */
function rawGet(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: hostname, port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('skill catalog', () => {
  test('GET /skills lists every skill with its tool names', async () => {
    const urls = await start();
    const catalog = urls['orders-skills'] as string;
    expect(catalog).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/skills$/);
    const response = await fetch(catalog);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      count: 3,
      skills: [
        {
          name: 'order-management',
          description: 'Tools for managing orders',
          license: 'Apache-2.0',
          tools: ['list-orders', 'order-guide'],
        },
        {
          name: 'order-ops',
          description:
            'Look up and change orders. Use when a user asks about the state of an order or wants to change one.',
          license: 'Apache-2.0',
          tools: ['get-order', 'update-order'],
        },
        { name: 'onboarding-guide', description: 'A purely descriptive skill with no tools', tools: [] },
      ],
    });
  });

  test('GET /skills/{name} tells how to call each tool, and those calls work', async () => {
    const urls = await start();
    const response = await fetch(`${urls['orders-skills']}/order-ops`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown> & { tools: DerivedSkillTool[] };
    expect(body).toMatchObject({
      name: 'order-ops',
      license: 'Apache-2.0',
      compatibility: 'Needs network access to the orders service',
      metadata: { team: 'commerce', tier: 'gold' },
    });
    const [getOrder, updateOrder] = body.tools;
    expect(getOrder).toEqual({
      type: 'derived',
      name: 'get-order',
      description: 'Get one order by id',
      invocationRef: { targetNamespace: 'orders-mcp', action: 'get-order', mode: 'mcp' },
      invocation: {
        mode: 'mcp',
        namespace: 'orders-mcp',
        tool: 'get-order',
        transport: 'http',
        url: urls['orders-mcp'],
        parameters: [{ name: 'id', type: 'string', required: true, description: 'The order id' }],
      },
      inputSchema: {
        type: 'object',
        properties: { id: { type: 'string', description: 'The order id' } },
        required: ['id'],
      },
      upstream: [
        {
          target: 'mock-orders.get',
          method: 'GET',
          path: '/orders/{id}',
          baseUri: 'http://localhost:9099/v1',
        },
      ],
      label: 'Get Order',
      hints: { readOnly: true, idempotent: true },
    });
    expect(updateOrder?.invocationRef).toEqual({
      targetNamespace: 'orders-rest',
      action: 'update-order',
      mode: 'rest',
    });
    expect(updateOrder?.invocation).toEqual({
      mode: 'rest',
      namespace: 'orders-rest',
      method: 'POST',
      path: '/orders/{id}',
      url: `${urls['orders-rest']}/orders/{id}`,
      parameters: [
        { name: 'id', type: 'string', required: true, in: 'path', description: 'The order id' },
        { name: 'body', type: 'object', required: true, in: 'body', description: 'The fields to change' },
      ],
      wholeBody: 'body',
    });

    // Follow the REST instructions literally.
    const invocation = updateOrder?.invocation as { url: string; method: string };
    const rest = await fetch(invocation.url.replace('{id}', 'o1'), {
      method: invocation.method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'paid' }),
    });
    expect(rest.status).toBe(200);
    expect(await rest.json()).toEqual({ id: 'o1', status: 'paid' });

    // And the MCP ones: the server URL and tool name from the catalog.
    const client = new Client({ name: 'skill-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(getOrder!.invocation.url as string)));
    try {
      const result = await client.callTool({ name: 'get-order', arguments: { id: 'o2' } });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toEqual({ id: 'o2', status: 'shipped' });
    } finally {
      await client.close();
    }
  });

  test('an authored SKILL.md is served as written, with the folder files and nothing unsafe', async () => {
    const urls = await start();
    const base = `${urls['orders-skills']}/order-management`;
    const detail = (await (await fetch(base)).json()) as { tools: unknown[] };
    expect(detail).toMatchObject({
      'allowed-tools': 'list-orders',
      'argument-hint': 'Use for order operations',
    });
    expect(detail.tools[1]).toEqual({
      type: 'instruction',
      name: 'order-guide',
      description: 'Guide for working with orders',
      instruction: 'order-guide.md',
    });
    const contents = await fetch(`${base}/contents`);
    expect(await contents.json()).toEqual({
      name: 'order-management',
      files: [
        { path: 'SKILL.md', size: expect.any(Number), type: 'text/markdown; charset=utf-8' },
        { path: 'guide-link.md', size: expect.any(Number), type: 'text/markdown; charset=utf-8' },
        { path: 'order-guide.md', size: expect.any(Number), type: 'text/markdown; charset=utf-8' },
        { path: 'references/statuses.md', size: expect.any(Number), type: 'text/markdown; charset=utf-8' },
      ],
    });
    const skillMd = await fetch(`${base}/contents/SKILL.md`);
    expect(await skillMd.text()).toBe(await readFile(join(dir, 'skills/order-management/SKILL.md'), 'utf8'));
    const nested = await fetch(`${base}/contents/references/statuses.md`);
    expect(nested.status).toBe(200);
    expect(nested.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(nested.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(nested.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await nested.text()).toContain('`shipped`: on its way');
  });

  test('skills without a SKILL.md get a generated one that reflects the live ports', async () => {
    const urls = await start();
    const ops = await fetch(`${urls['orders-skills']}/order-ops/contents`);
    expect(await ops.json()).toEqual({
      name: 'order-ops',
      files: [
        { path: 'SKILL.md', size: expect.any(Number), generated: true, type: 'text/markdown; charset=utf-8' },
        { path: 'checklist.md', size: expect.any(Number), type: 'text/markdown; charset=utf-8' },
      ],
    });
    const generated = await (await fetch(`${urls['orders-skills']}/order-ops/contents/SKILL.md`)).text();
    expect(generated).toMatch(/^---\nname: order-ops\n/);
    expect(generated).toContain(`- MCP server \`orders-mcp\` at ${urls['orders-mcp']} (Streamable HTTP)`);
    expect(generated).toContain(`curl -sS -X POST '${urls['orders-rest']}/orders/<id>'`);
    expect(generated).toContain('- [checklist.md](checklist.md)');

    const onboarding = await fetch(`${urls['orders-skills']}/onboarding-guide/contents/SKILL.md`);
    expect(onboarding.status).toBe(200);
    expect(await onboarding.text()).toContain('This skill carries knowledge only: it has no tools to call.');
    const noFolder = await fetch(`${urls['orders-skills']}/onboarding-guide/contents/guide.md`);
    expect(noFolder.status).toBe(404);
  });

  test('download zips the skill as one installable folder', async () => {
    const urls = await start();
    const response = await fetch(`${urls['orders-skills']}/order-management/download`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="order-management.zip"');
    const entries = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual([
      'order-management/SKILL.md',
      'order-management/guide-link.md',
      'order-management/order-guide.md',
      'order-management/references/statuses.md',
    ]);
    const text = (name: string) => Buffer.from(entries[name] as Uint8Array).toString('utf8');
    expect(text('order-management/order-guide.md')).toBe(
      await readFile(join(dir, 'skills/order-management/order-guide.md'), 'utf8'),
    );
    expect(
      Object.values(entries)
        .map((data) => Buffer.from(data).toString('utf8'))
        .join(''),
    ).not.toContain('TOP-SECRET');

    const generated = unzipSync(
      new Uint8Array(await (await fetch(`${urls['orders-skills']}/onboarding-guide/download`)).arrayBuffer()),
    );
    expect(Object.keys(generated)).toEqual(['onboarding-guide/SKILL.md']);
    expect(Buffer.from(generated['onboarding-guide/SKILL.md'] as Uint8Array).toString('utf8')).toMatch(
      /^---\nname: onboarding-guide\ndescription: A purely descriptive skill with no tools\n---\n/,
    );
  });
});

describe('skill catalog guards', () => {
  test('path traversal, links out of the folder, dot files and oversized files are refused', async () => {
    const urls = await start();
    const base = urls['orders-skills'] as string;
    const skill = '/skills/order-management/contents';
    const attempts: [string, number][] = [
      [`${skill}/../../../../etc/passwd`, 400],
      [`${skill}/%2e%2e/%2e%2e/secret.txt`, 400],
      [`${skill}/..%2F..%2Fsecret.txt`, 400],
      [`${skill}/..%5C..%5Csecret.txt`, 400],
      [`${skill}/references%2F..%2F..%2Fsecret.txt`, 400],
      [`${skill}/%00SKILL.md`, 400],
      [`${skill}/%E0%A4%A`, 400],
      [`${skill}/.env`, 400],
      [`${skill}/escape.md`, 403],
      [`${skill}/big.bin`, 403],
      [`${skill}/missing.md`, 404],
      ['/skills/../skills/order-management', 400],
      ['/skills/nope', 404],
      ['/other', 404],
    ];
    for (const [path, status] of attempts) {
      const response = await rawGet(base, path);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(response.body).not.toContain('TOP-SECRET');
      expect(response.body).not.toContain('hunter2');
      expect(JSON.parse(response.body)).toHaveProperty('message');
    }
    const big = await rawGet(base, `${skill}/big.bin`);
    expect(JSON.parse(big.body).message).toBe(
      '"big.bin" is 2048 bytes, over the 1024-byte limit of the skill catalog.',
    );
    const outside = await rawGet(base, `${skill}/escape.md`);
    expect(JSON.parse(outside.body).message).toBe('"escape.md" resolves outside the skill folder.');
    // A link that stays inside the folder is an ordinary file.
    expect((await rawGet(base, `${skill}/guide-link.md`)).status).toBe(200);
  });

  test('the catalog is read-only, loopback-only by Host, and honours inbound authentication', async () => {
    let urls = await start();
    let base = urls['orders-skills'] as string;
    const post = await rawGet(base, '/skills', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await rawGet(base, '/skills', { headers: { host: 'attacker.example' } })).status).toBe(403);
    expect((await rawGet(base, '/skills', { headers: { host: 'localhost' } })).status).toBe(200);
    await engine?.stop();

    urls = await start((yaml) =>
      yaml
        .replace('info:\n', 'binds:\n  - namespace: env\n    keys:\n      SKILL_TOKEN: SKILL_TOKEN\ninfo:\n')
        .replace(
          '      namespace: orders-skills\n',
          "      namespace: orders-skills\n      authentication:\n        type: bearer\n        token: '{{SKILL_TOKEN}}'\n",
        ),
    );
    base = urls['orders-skills'] as string;
    const denied = await fetch(base);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer realm="naftiko"');
    const allowed = await fetch(base, { headers: { authorization: 'Bearer skill-token-123' } });
    expect(allowed.status).toBe(200);
  });

  test('a skill that breaks the Agent Skills rules stops the start with a diagnostic', async () => {
    const failure = await start((yaml) => yaml.replace('- name: order-ops', '- name: Order-Ops')).catch(
      (error: unknown) => error,
    );
    expect(isNaftikoError(failure, 'CAPABILITY_INVALID')).toBe(true);
    const { diagnostics } = (failure as { data: { diagnostics: { pointer: string; message: string }[] } })
      .data;
    expect(diagnostics.map(({ pointer, message }) => ({ pointer, message }))).toEqual([
      {
        pointer: '/capability/exposes/2/skills/1/name',
        message:
          'skill name "Order-Ops" breaks the Agent Skills rules: 1-64 lower-case letters, digits and single hyphens, not starting or ending with a hyphen; use "order-ops"',
      },
    ]);
  });
});
