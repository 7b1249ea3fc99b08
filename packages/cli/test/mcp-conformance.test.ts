// The official MCP conformance suite (@modelcontextprotocol/conformance 0.2.0-alpha.12) against
// `naftiko run`: the suite's server fixture written as a capability
// (examples/conformance/capability.yaml) and the seed, at both revisions a server may speak today.
// The suite needs Node 22: the npm package `node@22` provides one (`npx -p node@22`), so this
// runs on Node 20 too; without it (no registry) the test is skipped, saying so.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  killAll,
  repoRoot,
  SEED,
  SEED_MCP,
  startCli,
  waitForListening,
} from '../src/testing/run-support.js';

const NODE_22 = 'node@22.23.3';
const SUITE = join(repoRoot, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const FIXTURE = 'examples/conformance/capability.yaml';

/** A Node 22 binary from the npm package `node` (cached by npx after the first run). */
function findNode22(): { path?: string; reason?: string } {
  const found = spawnSync('npx', ['-y', '-p', NODE_22, 'node', '-p', 'process.execPath'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const path = found.stdout?.trim();
  if (found.status === 0 && path) return { path };
  return { reason: (found.stderr || found.error?.message || `exit ${found.status}`).trim().slice(0, 300) };
}

const node22 = findNode22();
if (node22.path === undefined) {
  console.warn(`mcp conformance: skipped, ${NODE_22} could not be obtained through npx: ${node22.reason}`);
}

interface SuiteRun {
  /** Scenario name -> passed, for every scenario the revision requires (scored). */
  scored: Map<string, boolean>;
  /** The same for scenarios run but not scored (pending, extensions). */
  unscored: Map<string, boolean>;
  output: string;
}

/** One suite invocation: every server scenario the revision requires, then its summary parsed. */
function runSuite(url: string, revision: '2025-11-25' | '2026-07-28'): Promise<SuiteRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(node22.path as string, [SUITE, 'server', '--url', url, '--requirements', revision], {
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', () => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
      const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
      const summary = plain.slice(plain.indexOf('=== SUMMARY ==='));
      const all = new Map<string, boolean>();
      for (const match of summary.matchAll(/^([✓✗]) ([\w/-]+): \d+ passed, \d+ failed$/gm)) {
        all.set(match[2] as string, match[1] === '✓');
      }
      const notScored = new Set(
        [...summary.slice(summary.indexOf('Not scored')).matchAll(/^\s+[✓✗] ([\w/-]+) \(/gm)].map(
          (match) => match[1] as string,
        ),
      );
      const scored = new Map([...all].filter(([name]) => !notScored.has(name)));
      const unscored = new Map([...all].filter(([name]) => notScored.has(name)));
      resolve({ scored, unscored, output: plain });
    });
  });
}

function passing(run: SuiteRun): string[] {
  return [...run.scored, ...run.unscored].filter(([, passed]) => passed).map(([name]) => name);
}

function rate(run: SuiteRun): string {
  const passed = [...run.scored.values()].filter(Boolean).length;
  return `${passed}/${run.scored.size} (${Math.round((100 * passed) / run.scored.size)}%)`;
}

/** Scenarios of the 2025-11-25 session lifecycle, which 2026-07-28 drops. */
const SESSION_2025 = ['server-initialize', 'logging-set-level', 'ping'];

/** Scenarios of 2026-07-28 alone. */
const STATELESS_2026 = ['caching', 'http-header-validation'];

/** What the fixture capability can express at either revision. */
const FIXTURE_SCENARIOS = [
  'tools-list',
  'completion-complete',
  'tools-call-simple-text',
  'tools-call-image',
  'tools-call-audio',
  'tools-call-embedded-resource',
  'tools-call-mixed-content',
  'tools-call-error',
  'server-sse-multiple-streams',
  'resources-list',
  'resources-read-text',
  'resources-read-binary',
  'resources-templates-read',
  'prompts-list',
  'prompts-get-simple',
  'prompts-get-with-args',
  'prompts-get-embedded-resource',
  'prompts-get-with-image',
  'dns-rebinding-protection',
];

const runs: Record<string, SuiteRun> = {};

describe.skipIf(node22.path === undefined)('MCP conformance suite 0.2.0-alpha.12', () => {
  beforeAll(async () => {
    assertBuilt();
    const fixture = startCli([FIXTURE, '--port', 'conformance=0']);
    const seed = startCli([SEED, '--sandbox', '--port', `${SEED_MCP}=0`]);
    // The suite checks DNS-rebinding protection against `localhost` URLs.
    const [fixtureUrl] = (await waitForListening(fixture)).map((url) =>
      url.replace('127.0.0.1', 'localhost'),
    );
    const [seedUrl] = (await waitForListening(seed)).map((url) => url.replace('127.0.0.1', 'localhost'));
    // Four invocations at once: each waits on the network most of the time.
    const [f25, f26, s25, s26] = await Promise.all([
      runSuite(fixtureUrl as string, '2025-11-25'),
      runSuite(fixtureUrl as string, '2026-07-28'),
      runSuite(seedUrl as string, '2025-11-25'),
      runSuite(seedUrl as string, '2026-07-28'),
    ]);
    Object.assign(runs, { f25, f26, s25, s26 });
    console.info(
      `mcp conformance (scored scenarios passed): fixture 2025-11-25 ${rate(f25 as SuiteRun)}, 2026-07-28 ${rate(f26 as SuiteRun)}; seed 2025-11-25 ${rate(s25 as SuiteRun)}, 2026-07-28 ${rate(s26 as SuiteRun)}`,
    );
  }, 240_000);

  afterAll(killAll);

  it('passes what the fixture capability can express, at 2025-11-25', () => {
    expect(passing(runs.f25 as SuiteRun)).toEqual(
      expect.arrayContaining([...SESSION_2025, ...FIXTURE_SCENARIOS]),
    );
  });

  it('passes what the fixture capability can express, at 2026-07-28', () => {
    expect(passing(runs.f26 as SuiteRun)).toEqual(
      expect.arrayContaining([...FIXTURE_SCENARIOS, 'sep-2164-resource-not-found', ...STATELESS_2026]),
    );
  });

  it('passes the revision-generic scenarios against the seed', () => {
    expect(passing(runs.s25 as SuiteRun)).toEqual(
      expect.arrayContaining([
        ...SESSION_2025,
        'tools-list',
        'server-sse-multiple-streams',
        'dns-rebinding-protection',
      ]),
    );
    expect(passing(runs.s26 as SuiteRun)).toEqual(
      expect.arrayContaining(['tools-list', 'dns-rebinding-protection', ...STATELESS_2026]),
    );
  });
});
