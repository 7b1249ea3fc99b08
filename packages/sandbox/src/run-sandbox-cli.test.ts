import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from './create-sandbox.js';
import { runSandboxCli } from './run-sandbox-cli.js';
import { API_HEADERS } from './test-support.js';

let started: Sandbox | undefined;
afterEach(async () => {
  await started?.close();
  started = undefined;
});

function capture(): {
  io: { stdout: (text: string) => void; stderr: (text: string) => void };
  out: string[];
  err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (text) => out.push(text), stderr: (text) => err.push(text) }, out, err };
}

describe('naftiko-sandbox', () => {
  it('starts on the requested host and prints the line benchmarks wait for', async () => {
    const { io, out } = capture();
    const result = await runSandboxCli({ argv: ['--port', '0', '--host', '127.0.0.1'], io });
    if (typeof result === 'number') throw new Error(`did not start: exit ${result}`);
    started = result;
    expect(out.join('')).toBe(`sandbox listening on http://127.0.0.1:${result.port}\n`);
    const response = await fetch(`${result.url}/v1/sessions`, { headers: API_HEADERS });
    expect(response.status).toBe(200);
    expect(result.requests).toEqual([]);
  });

  it('accepts any key with --any-key and a custom one with --api-key', async () => {
    const any = await runSandboxCli({ argv: ['--any-key'], io: capture().io });
    if (typeof any === 'number') throw new Error('did not start');
    started = any;
    const headers = { ...API_HEADERS, 'x-api-key': 'whatever' };
    expect((await fetch(`${any.url}/v1/sessions`, { headers })).status).toBe(200);
    await any.close();

    const custom = await runSandboxCli({ argv: ['--api-key', 'k-1'], io: capture().io });
    if (typeof custom === 'number') throw new Error('did not start');
    started = custom;
    expect((await fetch(`${custom.url}/v1/sessions`, { headers })).status).toBe(401);
  });

  it.each([
    [['--port', 'abc'], /--port expects a non-negative integer, got "abc"/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--api-key', 'k', '--any-key'], /use either --api-key or --any-key/],
    [['positional'], /Unexpected argument 'positional'/],
  ])('exits 2 with a usage message for %j', async (argv, message) => {
    const { io, err } = capture();
    expect(await runSandboxCli({ argv, io })).toBe(2);
    expect(err.join('')).toMatch(message);
  });

  it('prints help and exits 0', async () => {
    const { io, out } = capture();
    expect(await runSandboxCli({ argv: ['--help'], io })).toBe(0);
    expect(out.join('')).toContain('Usage: naftiko-sandbox');
  });

  it('exits 1 naming the problem when the port is taken', async () => {
    const first = await runSandboxCli({ argv: [], io: capture().io });
    if (typeof first === 'number') throw new Error('did not start');
    started = first;
    const { io, err } = capture();
    expect(await runSandboxCli({ argv: ['--port', String(first.port)], io })).toBe(1);
    expect(err.join('')).toMatch(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
  });
});
