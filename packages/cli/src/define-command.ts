import type { CliIo } from './cli-io.js';

export interface StringOptionDefinition {
  readonly type: 'string';
  readonly description: string;
  readonly short?: string;
  /** Placeholder shown in help, `--format <format>`. Defaults to the option name. */
  readonly valueName?: string;
  /** When set, any other value is a usage error with a "did you mean". */
  readonly choices?: readonly string[];
  readonly default?: string;
  /** Repeatable flag; its value is an array. */
  readonly multiple?: boolean;
}

export interface BooleanOptionDefinition {
  readonly type: 'boolean';
  readonly description: string;
  readonly short?: string;
}

export type OptionDefinition = StringOptionDefinition | BooleanOptionDefinition;

export type OptionDefinitions = Readonly<Record<string, OptionDefinition>>;

type StringValue<D> = D extends { readonly choices: readonly (infer C)[] } ? C : string;

/** The parsed value of one option: booleans default to false, defaults make a string required. */
export type OptionValue<D> = D extends { readonly type: 'boolean' }
  ? boolean
  : D extends { readonly multiple: true }
    ? StringValue<D>[]
    : D extends { readonly default: string }
      ? StringValue<D>
      : StringValue<D> | undefined;

/** Any parsed option value, what a command sees when its options are not known statically. */
export type AnyOptionValue = string | boolean | string[] | undefined;

export type OptionValues<O extends OptionDefinitions> = string extends keyof O
  ? Record<string, AnyOptionValue>
  : { -readonly [K in keyof O]: OptionValue<O[K]> };

export interface ArgumentDefinition {
  /** Shown in usage as `<name>` or `<name...>`. */
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** Takes every remaining positional; only the last argument may be variadic. */
  readonly variadic?: boolean;
}

export interface HelpSection {
  readonly title: string;
  readonly lines: readonly string[];
}

export interface CommandContext<O extends OptionDefinitions> {
  readonly values: OptionValues<O>;
  readonly positionals: readonly string[];
  readonly io: CliIo;
}

/**
 * One `naftiko <name>` command. Keep the module that defines it light: `main` imports every
 * command to parse arguments and print help, so heavy dependencies (the engine, the MCP SDK)
 * belong behind a dynamic `import()` inside `run`, which keeps the other commands' cold start low.
 */
export interface CommandDefinition<O extends OptionDefinitions = OptionDefinitions> {
  readonly name: string;
  /** One line for the command list in `naftiko --help`. */
  readonly summary: string;
  /** A paragraph for `naftiko <name> --help`. */
  readonly description: string;
  readonly arguments: readonly ArgumentDefinition[];
  readonly options: O;
  readonly sections?: readonly HelpSection[];
  /** Resolves to the process exit code. User mistakes throw `UsageError`. */
  run(context: CommandContext<O>): Promise<number>;
}

/** Identity helper: infers the option types so `run` sees `values.format` as `'text' | 'json' ...`. */
export function defineCommand<const O extends OptionDefinitions>(
  definition: CommandDefinition<O>,
): CommandDefinition<O> {
  return definition;
}
