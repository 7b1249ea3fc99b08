import { parseArgs } from 'node:util';
import type {
  CommandDefinition,
  OptionDefinition,
  OptionDefinitions,
  OptionValues,
} from './define-command.js';
import { didYouMean } from './did-you-mean.js';
import { UsageError } from './usage-error.js';

export interface ParseCommandArgsOptions {
  command: CommandDefinition;
  argv: readonly string[];
}

export type ParsedCommandArgs =
  | { help: true }
  | { help: false; values: OptionValues<OptionDefinitions>; positionals: string[] };

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * Parses a command's arguments with `node:util` `parseArgs` in token mode and does the checking
 * ourselves, so every mistake gets a message that names the flag and the fix (parseArgs' strict
 * mode throws generic errors without suggestions).
 */
export function parseCommandArgs({ command, argv }: ParseCommandArgsOptions): ParsedCommandArgs {
  const terminator = argv.indexOf('--');
  const flags = terminator === -1 ? argv : argv.slice(0, terminator);
  if (flags.some((arg) => HELP_FLAGS.has(arg))) return { help: true };

  const { tokens } = parseArgs({
    args: [...argv],
    options: toParseArgsConfig(command.options),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });

  const values = defaultValues(command.options);
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const definition = command.options[token.name];
    if (definition === undefined) throw unknownOption(command, token.rawName);
    if (definition.type === 'boolean') {
      if (token.value !== undefined) {
        throw new UsageError(
          `Option '${token.rawName}' does not take a value; write '${token.rawName}' alone.`,
          {
            command: command.name,
          },
        );
      }
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    // Without an inline `=`, a value that looks like a flag means the user forgot the value.
    if (value === undefined || (!token.inlineValue && value.startsWith('-') && value !== '-')) {
      throw new UsageError(
        `Option '${token.rawName}' needs a value: ${describeValue(token.rawName, definition)}.`,
        {
          command: command.name,
        },
      );
    }
    checkChoice(command, token.rawName, definition, value);
    if (definition.multiple === true) (values[token.name] as string[]).push(value);
    else values[token.name] = value;
  }

  checkArity(command, positionals);
  return { help: false, values, positionals };
}

function toParseArgsConfig(options: OptionDefinitions) {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, definition] of Object.entries(options)) {
    config[name] = {
      type: definition.type,
      ...(definition.short === undefined ? {} : { short: definition.short }),
      ...(definition.type === 'string' && definition.multiple === true ? { multiple: true } : {}),
    };
  }
  return config;
}

function defaultValues(options: OptionDefinitions): OptionValues<OptionDefinitions> {
  const values: OptionValues<OptionDefinitions> = {};
  for (const [name, definition] of Object.entries(options)) {
    if (definition.type === 'boolean') values[name] = false;
    else if (definition.multiple === true) values[name] = [];
    else values[name] = definition.default;
  }
  return values;
}

function unknownOption(command: CommandDefinition, rawName: string): UsageError {
  const candidates = Object.entries(command.options).flatMap(([name, definition]) =>
    rawName.startsWith('--') || definition.short === undefined
      ? [`--${name}`]
      : [`-${definition.short}`, `--${name}`],
  );
  const suggestion = didYouMean({ input: rawName, candidates: [...candidates, '--help'] });
  return new UsageError(
    `Unknown option '${rawName}' for 'naftiko ${command.name}'.${suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`}`,
    { command: command.name },
  );
}

function checkChoice(
  command: CommandDefinition,
  rawName: string,
  definition: OptionDefinition,
  value: string,
) {
  if (definition.type !== 'string' || definition.choices === undefined) return;
  if (definition.choices.includes(value)) return;
  const suggestion = didYouMean({ input: value, candidates: definition.choices });
  throw new UsageError(
    `Invalid value '${value}' for '${rawName}'; expected one of ${definition.choices.join(', ')}.` +
      (suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`),
    { command: command.name },
  );
}

function checkArity(command: CommandDefinition, positionals: readonly string[]) {
  const required = command.arguments.filter((argument) => argument.required);
  const missing = required[positionals.length];
  if (missing !== undefined) {
    throw new UsageError(
      `'naftiko ${command.name}' needs ${describeArgument(missing.name, missing.variadic)}.`,
      {
        command: command.name,
      },
    );
  }
  const variadic = command.arguments.some((argument) => argument.variadic === true);
  const extra = positionals[command.arguments.length];
  if (!variadic && extra !== undefined) {
    throw new UsageError(`Unexpected argument '${extra}' for 'naftiko ${command.name}'.`, {
      command: command.name,
    });
  }
}

export function describeArgument(name: string, variadic: boolean | undefined): string {
  return variadic === true ? `<${name}...>` : `<${name}>`;
}

export function describeValue(rawName: string, definition: OptionDefinition): string {
  if (definition.type === 'boolean') return rawName;
  const placeholder = definition.choices?.join('|') ?? definition.valueName ?? 'value';
  return `${rawName} <${placeholder}>`;
}
