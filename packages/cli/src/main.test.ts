import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { CliIo } from './cli-io.js';
import { commands } from './commands.js';
import { defineCommand } from './define-command.js';
import { main } from './main.js';
import { UsageError } from './usage-error.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

function createMemoryIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text) => void out.push(text) },
    stderr: { write: (text) => void err.push(text) },
    cwd: process.cwd(),
    env,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function run(argv: string[], options: { env?: Record<string, string>; extra?: typeof commands } = {}) {
  const memory = createMemoryIo(options.env);
  const code = await main({ argv, io: memory.io, commands: [...commands, ...(options.extra ?? [])] });
  return { code, stdout: memory.stdout(), stderr: memory.stderr() };
}

const failing = defineCommand({
  name: 'explode',
  summary: 'Throws',
  description: 'Throws an unexpected error.',
  arguments: [],
  options: { usage: { type: 'boolean', description: 'Throw a usage error instead' } },
  async run({ values }) {
    if (values.usage) throw new UsageError('That flag combination makes no sense.', { command: 'explode' });
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  },
});

describe('main', () => {
  test('--version and -V print the package version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect((await run(['-V'])).stdout).toBe(`${version}\n`);
  });

  test('--help prints the global help on stdout; no arguments prints it on stderr and exits 2', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage:\n  naftiko <command> [options]');
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toBe(help.stdout);
  });

  test('<command> --help and help <command> print the command help', async () => {
    const direct = await run(['validate', '--help']);
    expect(direct.code).toBe(0);
    expect(direct.stdout).toContain('naftiko validate [options] <files or globs...>');
    expect((await run(['help', 'validate'])).stdout).toBe(direct.stdout);
    expect((await run(['help', 'valdate'])).stderr).toContain(
      "Unknown command 'valdate'. Did you mean 'validate'?",
    );
  });

  test('an unknown command is a usage error with a suggestion', async () => {
    expect(await run(['valdiate', 'a.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "naftiko: Unknown command 'valdiate'. Did you mean 'validate'?\nRun 'naftiko --help' for usage.\n",
    });
    expect((await run(['--verison'])).stderr).toContain(
      "Unknown option '--verison'. Did you mean '--version'?",
    );
  });

  test('a usage error from a command points at its help', async () => {
    expect(await run(['explode', '--usage'], { extra: [failing] })).toEqual({
      code: 2,
      stdout: '',
      stderr: "naftiko: That flag combination makes no sense.\nRun 'naftiko explode --help' for usage.\n",
    });
    expect((await run(['validate'])).stderr).toBe(
      "naftiko: 'naftiko validate' needs <files or globs...>.\nRun 'naftiko validate --help' for usage.\n",
    );
  });

  test('an unexpected error is one line plus a request to report it, exit 70, no stack', async () => {
    const result = await run(['explode'], { extra: [failing] });
    expect(result.code).toBe(70);
    expect(result.stderr).toBe(
      "naftiko: internal error: Cannot read properties of undefined (reading 'x')\n" +
        `This is a bug in naftiko ${version}; please report it with the command you ran.\n`,
    );
  });

  test('NAFTIKO_DEBUG=1 adds the stack to an internal error', async () => {
    const result = await run(['explode'], { extra: [failing], env: { NAFTIKO_DEBUG: '1' } });
    expect(result.code).toBe(70);
    expect(result.stderr).toContain('TypeError: Cannot read properties of undefined');
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});
