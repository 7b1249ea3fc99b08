import { expect, test } from 'vitest';
import { validateCommand } from './commands/validate.js';
import { formatCommandHelp, formatGlobalHelp } from './format-help.js';

test('naftiko --help lists the commands and the global options', () => {
  expect(formatGlobalHelp({ commands: [validateCommand], version: '9.9.9' })).toMatchInlineSnapshot(`
    "naftiko 9.9.9: run, validate and embed Naftiko capabilities

    Usage:
      naftiko <command> [options]

    Commands:
      validate  Check capability files against the Naftiko specification

    Options:
      -h, --help     Show this help
      -V, --version  Print the naftiko version

    Run 'naftiko <command> --help' for the options of a command.
    "
  `);
});

test('naftiko validate --help shows usage, arguments, options with choices and defaults, exit codes', () => {
  expect(formatCommandHelp({ command: validateCommand })).toMatchInlineSnapshot(`
    "Usage:
      naftiko validate [options] <files or globs...>

    Validates capability files (schema, references, dialect) and reports every problem with its
    file, line and column. Community-dialect constructs are warnings unless --strict is given.

    Arguments:
      <files or globs...>  Files, directories (their *.yaml and *.yml files) or quoted globs

    Options:
      --format <format>    Output format (one of text, json, github, sarif; default: text)
      --strict             Treat warnings as errors
      --dialect <dialect>  Which constructs to accept, see Dialects (one of official, compatible; default: compatible)
      -q, --quiet          Report errors only, without the summary
      -h, --help           Show this help

    Dialects:
      official    exactly what the Naftiko 1.0.0-alpha2 JSON Schema and rules accept
      compatible  also the community constructs seen in the wild, each reported as a
                  warning that names the official form (an error with --strict)

    Exit codes:
      0   every file is valid (warnings allowed)
      1   at least one file is invalid
      2   usage error, or an input is missing, unreadable or matches no file
      70  internal error (a bug in naftiko; please report it)

    Examples:
      naftiko validate capabilities/
      naftiko validate 'capabilities/**/*.{yaml,yml}' --strict
      naftiko validate capabilities/ --format sarif > naftiko.sarif
    "
  `);
});
