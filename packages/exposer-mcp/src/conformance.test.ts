import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, DEFAULT_SANDBOX_API_KEY, type Sandbox } from '@naftiko/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMcp, type TestMcp } from './testing/start-test-mcp.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CONFORMANCE = join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const SEED = join(ROOT, 'capabilities/managed-agents-sessions.yaml');

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance 0.1.13) against real
 * servers. Only scenarios that need no specific tool apply to a capability-defined server; the
 * others (tools-call-*, json-schema-2020-12, completion-complete, resources-subscribe, sampling,
 * elicitation) ask for fixture tools or features this exposer does not offer.
 */
const GENERIC = [
  'server-initialize',
  'ping',
  'tools-list',
  'dns-rebinding-protection',
  'logging-set-level',
  'server-sse-multiple-streams',
];
const WITH_RESOURCES_AND_PROMPTS = ['resources-list', 'prompts-list'];

interface ScenarioRun {
  scenario: string;
  exitCode: number | null;
  summary: string;
  output: string;
}

function runScenario(url: string, scenario: string): Promise<ScenarioRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONFORMANCE, 'server', '--url', url, '--scenario', scenario], {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (exitCode) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
      const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
      resolve({
        scenario,
        exitCode,
        summary: /Passed: .*/.exec(plain)?.[0] ?? '(no summary)',
        output: plain,
      });
    });
  });
}

/** Runs scenarios a few at a time: each is a separate process, mostly waiting on the network. */
async function runAll(url: string, scenarios: string[]): Promise<ScenarioRun[]> {
  const results: ScenarioRun[] = [];
  for (let index = 0; index < scenarios.length; index += 3) {
    results.push(...(await Promise.all(scenarios.slice(index, index + 3).map((s) => runScenario(url, s)))));
  }
  return results;
}

const localhost = (url: string) => url.replace('//127.0.0.1:', '//localhost:');

let sandbox: Sandbox;
let seed: TestMcp;
let docs: TestMcp;
let dir: string;

beforeAll(async () => {
  sandbox = await createSandbox();
  seed = await startTestMcp({
    capability: SEED,
    env: { ANTHROPIC_API_KEY: DEFAULT_SANDBOX_API_KEY },
    overrides: { baseUri: { 'managed-agents-sessions': sandbox.url } },
  });
  dir = await mkdtemp(join(tmpdir(), 'naftiko-conformance-'));
  await writeFile(join(dir, 'guide.md'), '# Guide\n');
  docs = await startTestMcp({
    baseDir: dir,
    capability: `naftiko: 1.0.0-alpha2
info:
  label: Docs
  description: Resources and prompts.
capability:
  exposes:
  - type: mcp
    namespace: docs-mcp
    port: 9999
    tools:
    - name: hello
      description: Says hello
      outputParameters:
      - name: text
        type: string
        value: hello
    resources:
    - name: guide
      label: Guide
      uri: docs://guide
      description: The guide
      location: file:///./guide.md
    prompts:
    - name: review
      label: Review
      description: Review something
      arguments:
      - name: topic
        description: What to review
      template:
      - role: user
        content: Review {{topic}}.
`,
  });
});

afterAll(async () => {
  await seed?.stop();
  await docs?.stop();
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('MCP conformance suite 0.1.13', () => {
  it('passes the generic server scenarios on the seed capability', { timeout: 90_000 }, async () => {
    const runs = await runAll(`${localhost(seed.url)}`, GENERIC);
    for (const run of runs) {
      expect({ scenario: run.scenario, exitCode: run.exitCode, summary: run.summary }, run.output).toEqual({
        scenario: run.scenario,
        exitCode: 0,
        summary: expect.stringMatching(/^Passed: (\d+)\/\1, 0 failed, 0 warnings$/),
      });
    }
  });

  it('passes the listing scenarios of resources and prompts', { timeout: 60_000 }, async () => {
    const runs = await runAll(`${localhost(docs.url)}`, WITH_RESOURCES_AND_PROMPTS);
    for (const run of runs) {
      expect({ scenario: run.scenario, exitCode: run.exitCode, summary: run.summary }, run.output).toEqual({
        scenario: run.scenario,
        exitCode: 0,
        summary: expect.stringMatching(/^Passed: (\d+)\/\1, 0 failed, 0 warnings$/),
      });
    }
  });
});
