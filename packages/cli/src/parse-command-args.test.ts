import { describe, expect, test } from 'vitest';
import { defineCommand } from './define-command.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

const command = defineCommand({
  name: 'check',
  summary: 's',
  description: 'd',
  arguments: [{ name: 'files', description: 'f', required: true, variadic: true }],
  options: {
    format: { type: 'string', choices: ['text', 'json'], default: 'text', description: 'f' },
    strict: { type: 'boolean', description: 's' },
    quiet: { type: 'boolean', short: 'q', description: 'q' },
    header: { type: 'string', multiple: true, description: 'h' },
  },
  run: async () => 0,
});

function parse(...argv: string[]) {
  return parseCommandArgs({ command, argv });
}

function usageError(...argv: string[]): string {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseCommandArgs', () => {
  test('applies defaults, reads flags in any position, inline values, short flags and repeats', () => {
    expect(parse('a.yaml', '--format=json', '-q', 'b.yaml', '--header', 'x', '--header=y')).toEqual({
      help: false,
      values: { format: 'json', strict: false, quiet: true, header: ['x', 'y'] },
      positionals: ['a.yaml', 'b.yaml'],
    });
    expect(parse('a.yaml')).toEqual({
      help: false,
      values: { format: 'text', strict: false, quiet: false, header: [] },
      positionals: ['a.yaml'],
    });
  });

  test('everything after -- is a positional, even when it looks like a flag', () => {
    expect(parse('--', '--strict')).toMatchObject({ values: { strict: false }, positionals: ['--strict'] });
  });

  test('--help and -h win over any other mistake', () => {
    expect(parse('--bogus', '--help')).toEqual({ help: true });
    expect(parse('-h')).toEqual({ help: true });
  });

  test('each mistake names the flag and the fix', () => {
    expect(usageError('a.yaml', '--formt', 'json')).toBe(
      "Unknown option '--formt' for 'naftiko check'. Did you mean '--format'?",
    );
    expect(usageError('a.yaml', '--zzz')).toBe("Unknown option '--zzz' for 'naftiko check'.");
    expect(usageError('a.yaml', '-x')).toBe("Unknown option '-x' for 'naftiko check'.");
    expect(usageError('a.yaml', '--format', 'jsno')).toBe(
      "Invalid value 'jsno' for '--format'; expected one of text, json. Did you mean 'json'?",
    );
    expect(usageError('a.yaml', '--format')).toBe("Option '--format' needs a value: --format <text|json>.");
    expect(usageError('a.yaml', '--format', '--strict')).toBe(
      "Option '--format' needs a value: --format <text|json>.",
    );
    expect(usageError('a.yaml', '--strict=yes')).toBe(
      "Option '--strict' does not take a value; write '--strict' alone.",
    );
    expect(usageError('--strict')).toBe("'naftiko check' needs <files...>.");
  });

  test('a command without a variadic argument rejects extra positionals', () => {
    const single = defineCommand({
      ...command,
      arguments: [{ name: 'file', description: 'f', required: true }],
    });
    expect(() => parseCommandArgs({ command: single, argv: ['a', 'b'] })).toThrow(
      "Unexpected argument 'b' for 'naftiko check'.",
    );
  });
});
