import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isNaftikoError } from '@naftiko/core';
import { createSandbox, type Sandbox } from '@naftiko/sandbox';
import { afterEach, beforeEach, expect, test } from 'vitest';
// @ts-expect-error - a plain ESM example without type declarations
import { createAndReadSession } from './embed.mjs';

const API_KEY = 'sk-ant-embedding-example-key';
let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await createSandbox({ apiKey: API_KEY });
});
afterEach(async () => {
  await sandbox.close();
});

test('the embedding example creates, reads and lists a session against a real local upstream', async () => {
  const result = await createAndReadSession({
    baseUri: sandbox.url,
    env: { ANTHROPIC_API_KEY: API_KEY },
    agent: 'agent_embed',
    environmentId: 'env_embed',
  });
  expect(result.created).toMatchObject({
    type: 'session',
    title: 'Embedded naftiko',
    environment_id: 'env_embed',
  });
  expect(result.fetched).toMatchObject({
    id: result.created.id,
    agent: result.created.agent,
    status: 'idle',
  });
  expect(result.listed).toMatchObject({ data: [{ id: result.created.id }] });

  expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    'POST /v1/sessions',
    `GET /v1/sessions/${result.created.id}`,
    'GET /v1/sessions',
  ]);
  const create = sandbox.requests[0];
  expect(create?.headers['x-api-key']).toBe(API_KEY);
  expect(create?.headers['anthropic-version']).toBe('2023-06-01');
  expect(create?.headers['anthropic-beta']).toBe('managed-agents-2026-04-01');
  expect(sandbox.requests[2]?.query).toEqual({ agent_id: ['agent_embed'] });
});

test('without the API key the example fails at start, naming the variable and how to set it', async () => {
  const error = await createAndReadSession({
    baseUri: sandbox.url,
    env: {},
    agent: 'a',
    environmentId: 'e',
  }).catch((e: unknown) => e);
  expect(isNaftikoError(error, 'BIND_MISSING_VARIABLE')).toBe(true);
  expect((error as Error).message).toBe(
    'Bind "env": variable ANTHROPIC_API_KEY is not set (environment variable ANTHROPIC_API_KEY is missing or empty). Set it: export ANTHROPIC_API_KEY=... or add it to --env-file.',
  );
  expect(sandbox.requests).toHaveLength(0);
});

test('run without --agent and --environment, it asks for them instead of inventing ids', () => {
  const result = spawnSync(process.execPath, [fileURLToPath(new URL('./embed.mjs', import.meta.url))], {
    encoding: 'utf8',
    env: { ...process.env, ANTHROPIC_API_KEY: API_KEY },
  });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('usage: node embed.mjs --agent <agent_id> --environment <environment_id>');
  expect(result.stdout).toBe('');
});
