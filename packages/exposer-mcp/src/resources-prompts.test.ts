import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { createSandbox, DEFAULT_SANDBOX_API_KEY, type Sandbox } from '@naftiko/sandbox';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

/** The text of a read resource's first content; fails the test on a blob or an empty read. */
function textOf(result: ReadResourceResult): string {
  const [content] = result.contents;
  assert(content && 'text' in content, `expected a text content, got ${JSON.stringify(result.contents)}`);
  return content.text;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);

const CAPABILITY = `naftiko: 1.0.0-alpha2
info:
  label: Docs and sessions
  description: Resources and prompts test capability.
binds:
- namespace: env
  keys:
    ANTHROPIC_API_KEY: ANTHROPIC_API_KEY
capability:
  consumes:
  - type: http
    namespace: sessions
    baseUri: https://api.anthropic.com
    headers:
      anthropic-version: '2023-06-01'
      anthropic-beta: managed-agents-2026-04-01
    authentication:
      type: apikey
      key: x-api-key
      value: '{{env.ANTHROPIC_API_KEY}}'
      placement: header
    resources:
    - name: sessions
      path: /v1/sessions
      operations:
      - name: list
        method: GET
      - name: create
        method: POST
        inputParameters:
        - name: body
          in: body
          type: object
          required: true
    - name: session
      path: /v1/sessions/{session_id}
      operations:
      - name: get
        method: GET
        inputParameters:
        - name: session_id
          in: path
          type: string
          required: true
  exposes:
  - type: mcp
    namespace: docs-mcp
    port: 9999
    tools:
    - name: create-session
      description: Create a session
      call: sessions.create
      with:
        body: tools.body
    resources:
    - name: guides
      label: Guides
      uri: docs://guides
      description: The guides folder
      location: file:///./docs
    - name: readme
      label: Readme
      uri: docs://readme
      description: One file
      mimeType: text/markdown
      location: file:///./README.txt
    - name: sessions
      label: Sessions
      uri: sessions://all
      description: Every session
      call: sessions.list
    - name: session
      label: Session
      uri: sessions://{session_id}
      description: One session by id
      mimeType: application/json
      call: sessions.get
      with:
        session_id: docs-mcp.session_id
    prompts:
    - name: summarize-session
      label: Summarize a session
      description: Asks for a summary of a session
      arguments:
      - name: session_id
        description: The session to summarize
      - name: tone
        description: How to sound
        required: false
      template:
      - role: user
        content: 'Summarize session {{session_id}} in a {{ tone }} tone. Literal: {{{{session_id}}}}'
      - role: assistant
        content: I will read sessions://{{session_id}} first.
    - name: review
      label: Review
      description: A prompt kept in a file
      arguments:
      - name: topic
        description: What to review
      location: file:///./prompts/review.md
`;

let dir: string;
let sandbox: Sandbox;
let mcp: TestMcp;
let client: Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'naftiko-mcp-resources-'));
  await mkdir(join(dir, 'docs', 'img'), { recursive: true });
  await mkdir(join(dir, 'prompts'));
  await writeFile(join(dir, 'docs', 'start.md'), '# Start\n');
  await writeFile(join(dir, 'docs', 'img', 'logo.png'), PNG);
  await writeFile(join(dir, 'docs', '.hidden'), 'not served');
  await writeFile(join(dir, 'outside.txt'), 'SECRET outside the folder');
  await symlink(join(dir, 'outside.txt'), join(dir, 'docs', 'link.txt'));
  await writeFile(join(dir, 'README.txt'), 'Read me');
  await writeFile(join(dir, 'prompts', 'review.md'), 'Review {{topic}} carefully.');
  sandbox = await createSandbox();
  mcp = await startTestMcp({
    capability: CAPABILITY,
    baseDir: dir,
    env: { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY },
    overrides: { baseUri: { sessions: sandbox.url } },
  });
  client = await mcp.connect();
});

afterAll(async () => {
  await mcp?.stop();
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('resources', () => {
  it('advertises resources and prompts', () => {
    expect(client.getServerCapabilities()).toEqual({
      tools: { listChanged: true },
      logging: {},
      resources: { listChanged: true },
      prompts: { listChanged: true },
    });
  });

  it('lists folder files (no hidden files, no symbolic links), single files and dynamic resources', async () => {
    const { resources } = await client.listResources();
    expect(resources.map(({ uri, name, mimeType }) => ({ uri, name, mimeType }))).toEqual([
      { uri: 'docs://guides/img/logo.png', name: 'guides/img/logo.png', mimeType: 'image/png' },
      { uri: 'docs://guides/start.md', name: 'guides/start.md', mimeType: 'text/markdown' },
      { uri: 'docs://readme', name: 'readme', mimeType: 'text/markdown' },
      { uri: 'sessions://all', name: 'sessions', mimeType: undefined },
    ]);
    expect(resources[0]).toMatchObject({ title: 'Guides', description: 'The guides folder' });
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates).toEqual([
      {
        uriTemplate: 'sessions://{session_id}',
        name: 'session',
        title: 'Session',
        description: 'One session by id',
        mimeType: 'application/json',
      },
    ]);
  });

  it('reads text files as text and binary files as base64 blobs', async () => {
    expect((await client.readResource({ uri: 'docs://guides/start.md' })).contents).toEqual([
      { uri: 'docs://guides/start.md', mimeType: 'text/markdown', text: '# Start\n' },
    ]);
    expect((await client.readResource({ uri: 'docs://guides/img/logo.png' })).contents).toEqual([
      { uri: 'docs://guides/img/logo.png', mimeType: 'image/png', blob: PNG.toString('base64') },
    ]);
    expect((await client.readResource({ uri: 'docs://readme' })).contents).toEqual([
      { uri: 'docs://readme', mimeType: 'text/markdown', text: 'Read me' },
    ]);
  });

  it('refuses every way out of the folder as not found', async () => {
    for (const uri of [
      'docs://guides/../outside.txt',
      'docs://guides/%2e%2e/outside.txt',
      'docs://guides/..%2Foutside.txt',
      'docs://guides/img/../../outside.txt',
      'docs://guides/img/%2E%2E%2F%2E%2E%2Foutside.txt',
      'docs://guides/link.txt',
      'docs://guides/.hidden',
      'docs://guides//etc/passwd',
      'docs://guides/%00',
      'docs://guides',
      'docs://readme/x',
    ]) {
      await expect(client.readResource({ uri }), uri).rejects.toThrow(/-32002.*Resource not found/);
    }
  });

  it('reads dynamic resources and templates through their actions', async () => {
    const created = (await client.callTool({
      name: 'create-session',
      arguments: { body: { agent: 'agent_1', environment_id: 'env_1', title: 'dyn' } },
    })) as CallToolResult;
    const id = (created.structuredContent as { id: string }).id;

    const all = await client.readResource({ uri: 'sessions://all' });
    expect(all.contents[0]?.mimeType).toBe('application/json');
    const listed = JSON.parse(textOf(all)) as { data: { id: string }[] };
    expect(listed.data.map((s) => s.id)).toContain(id);

    const one = await client.readResource({ uri: `sessions://${id}` });
    expect(one.contents[0]).toMatchObject({ uri: `sessions://${id}`, mimeType: 'application/json' });
    expect(JSON.parse(textOf(one))).toMatchObject({ id, title: 'dyn' });
    expect(sandbox.requests.at(-1)?.path).toBe(`/v1/sessions/${id}`);

    await expect(client.readResource({ uri: 'sessions://sesn_missing' })).rejects.toThrow(
      /-32002.*Resource not found: sessions:\/\/sesn_missing/,
    );
    await expect(client.readResource({ uri: 'nothing://here' })).rejects.toThrow(/-32002/);
  });
});

describe('prompts', () => {
  it('lists prompts with their arguments', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts).toEqual([
      {
        name: 'summarize-session',
        title: 'Summarize a session',
        description: 'Asks for a summary of a session',
        arguments: [
          { name: 'session_id', description: 'The session to summarize', required: true },
          { name: 'tone', description: 'How to sound', required: false },
        ],
      },
      {
        name: 'review',
        title: 'Review',
        description: 'A prompt kept in a file',
        arguments: [{ name: 'topic', description: 'What to review', required: true }],
      },
    ]);
  });

  it('fills {{arg}} placeholders with the values as given, never evaluating them', async () => {
    const result = await client.getPrompt({
      name: 'summarize-session',
      arguments: { session_id: 'sesn_1', tone: '{{session_id}}' },
    });
    expect(result.messages).toEqual([
      {
        role: 'user',
        content: {
          type: 'text',
          text: 'Summarize session sesn_1 in a {{session_id}} tone. Literal: {{sesn_1}}',
        },
      },
      { role: 'assistant', content: { type: 'text', text: 'I will read sessions://sesn_1 first.' } },
    ]);
    const withoutTone = await client.getPrompt({ name: 'summarize-session', arguments: { session_id: 's' } });
    expect(withoutTone.messages[0]?.content).toEqual({
      type: 'text',
      text: 'Summarize session s in a  tone. Literal: {{s}}',
    });
  });

  it('serves a prompt file as one user message', async () => {
    const result = await client.getPrompt({ name: 'review', arguments: { topic: 'the diff' } });
    expect(result.messages).toEqual([
      { role: 'user', content: { type: 'text', text: 'Review the diff carefully.' } },
    ]);
  });

  it('names missing arguments and unknown prompts', async () => {
    await expect(client.getPrompt({ name: 'review', arguments: {} })).rejects.toThrow(
      /-32602.*Prompt "review" needs "topic"; pass it as arguments/,
    );
    await expect(client.getPrompt({ name: 'nope' })).rejects.toThrow(
      /-32602.*Unknown prompt "nope". Available prompts: summarize-session, review/,
    );
  });
});
