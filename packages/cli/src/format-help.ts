import type { CommandDefinition } from './define-command.js';
import { describeArgument } from './parse-command-args.js';

export interface FormatGlobalHelpOptions {
  commands: readonly CommandDefinition[];
  version: string;
}

export function formatGlobalHelp({ commands, version }: FormatGlobalHelpOptions): string {
  return [
    `naftiko ${version}: run, validate and embed Naftiko capabilities`,
    '',
    'Usage:',
    '  naftiko <command> [options]',
    '',
    'Commands:',
    ...table(commands.map((command) => [command.name, command.summary])),
    '',
    'Options:',
    ...table([
      ['-h, --help', 'Show this help'],
      ['-V, --version', 'Print the naftiko version'],
    ]),
    '',
    "Run 'naftiko <command> --help' for the options of a command.",
    '',
  ].join('\n');
}

export interface FormatCommandHelpOptions {
  command: CommandDefinition;
}

export function formatCommandHelp({ command }: FormatCommandHelpOptions): string {
  const argumentsUsage = command.arguments.map((argument) => {
    const text = describeArgument(argument.name, argument.variadic);
    return argument.required ? text : `[${text}]`;
  });
  const options = Object.entries(command.options).map(([name, definition]) => {
    const flag = definition.short === undefined ? `--${name}` : `-${definition.short}, --${name}`;
    const value = definition.type === 'string' ? ` <${definition.valueName ?? name}>` : '';
    const details: string[] = [];
    if (definition.type === 'string' && definition.choices !== undefined) {
      details.push(`one of ${definition.choices.join(', ')}`);
    }
    if (definition.type === 'string' && definition.default !== undefined) {
      details.push(`default: ${definition.default}`);
    }
    if (definition.type === 'string' && definition.multiple === true) details.push('repeatable');
    const suffix = details.length === 0 ? '' : ` (${details.join('; ')})`;
    return [`${flag}${value}`, `${definition.description}${suffix}`] as const;
  });
  const lines = [
    'Usage:',
    `  naftiko ${[command.name, '[options]', ...argumentsUsage].join(' ')}`,
    '',
    command.description,
    '',
  ];
  if (command.arguments.length > 0) {
    lines.push(
      'Arguments:',
      ...table(
        command.arguments.map((argument) => [
          describeArgument(argument.name, argument.variadic),
          argument.description,
        ]),
      ),
      '',
    );
  }
  lines.push('Options:', ...table([...options, ['-h, --help', 'Show this help']]), '');
  for (const section of command.sections ?? []) {
    lines.push(`${section.title}:`, ...section.lines.map((line) => `  ${line}`), '');
  }
  return lines.join('\n');
}

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
