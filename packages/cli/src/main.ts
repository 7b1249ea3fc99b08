import type { CliIo } from './cli-io.js';
import { commands as builtinCommands } from './commands.js';
import type { CommandDefinition } from './define-command.js';
import { didYouMean } from './did-you-mean.js';
import { ExitCode } from './exit-code.js';
import { formatCommandHelp, formatGlobalHelp } from './format-help.js';
import { parseCommandArgs } from './parse-command-args.js';
import { readVersion } from './read-version.js';
import { isUsageError, UsageError } from './usage-error.js';

export interface MainOptions {
  /** The arguments after `naftiko`, e.g. `['validate', 'capabilities/']`. */
  argv: readonly string[];
  io: CliIo;
  /** Defaults to the built-in commands; tests pass their own. */
  commands?: readonly CommandDefinition[];
}

/**
 * Runs one `naftiko` invocation and resolves to its exit code. It never throws and never prints
 * a stack trace for a user mistake: usage errors exit 2 with a hint, anything unexpected is a bug
 * and exits 70 with one line asking for a report (set NAFTIKO_DEBUG=1 for the stack).
 */
export async function main({ argv, io, commands = builtinCommands }: MainOptions): Promise<number> {
  try {
    return await dispatch({ argv, io, commands });
  } catch (error) {
    if (isUsageError(error)) {
      const help = error.command === undefined ? 'naftiko --help' : `naftiko ${error.command} --help`;
      io.stderr.write(`naftiko: ${error.message}\nRun '${help}' for usage.\n`);
      return ExitCode.USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(
      `naftiko: internal error: ${message}\n` +
        `This is a bug in naftiko ${safeVersion()}; please report it with the command you ran.\n`,
    );
    if (isDebug(io.env) && error instanceof Error && error.stack !== undefined)
      io.stderr.write(`${error.stack}\n`);
    return ExitCode.INTERNAL;
  }
}

async function dispatch({ argv, io, commands }: Required<MainOptions>): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(formatGlobalHelp({ commands, version: readVersion() }));
    return ExitCode.USAGE;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(formatGlobalHelp({ commands, version: readVersion() }));
    return ExitCode.OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${readVersion()}\n`);
    return ExitCode.OK;
  }
  if (first === 'help') {
    const topic = rest[0];
    const command = topic === undefined ? undefined : findCommand(commands, topic);
    io.stdout.write(
      command === undefined
        ? formatGlobalHelp({ commands, version: readVersion() })
        : formatCommandHelp({ command }),
    );
    return ExitCode.OK;
  }
  const command = findCommand(commands, first);
  const parsed = parseCommandArgs({ command, argv: rest });
  if (parsed.help) {
    io.stdout.write(formatCommandHelp({ command }));
    return ExitCode.OK;
  }
  return await command.run({ values: parsed.values, positionals: parsed.positionals, io });
}

function findCommand(commands: readonly CommandDefinition[], name: string): CommandDefinition {
  const command = commands.find((candidate) => candidate.name === name);
  if (command !== undefined) return command;
  const isFlag = name.startsWith('-');
  const candidates = isFlag
    ? ['--help', '--version']
    : [...commands.map((candidate) => candidate.name), 'help'];
  const suggestion = didYouMean({ input: name, candidates });
  const what = isFlag ? `Unknown option '${name}'` : `Unknown command '${name}'`;
  throw new UsageError(`${what}.${suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`}`);
}

function safeVersion(): string {
  try {
    return readVersion();
  } catch {
    return '(unknown version)';
  }
}

function isDebug(env: CliIo['env']): boolean {
  const value = env.NAFTIKO_DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}
