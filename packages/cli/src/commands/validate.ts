import { defineCommand } from '../define-command.js';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'Check capability files against the Naftiko specification',
  description:
    'Validates capability files (schema, references, dialect) and reports every problem with its\n' +
    'file, line and column. Community-dialect constructs are warnings unless --strict is given.',
  arguments: [
    {
      name: 'files or globs',
      description: 'Files, directories (their *.yaml and *.yml files) or quoted globs',
      required: true,
      variadic: true,
    },
  ],
  options: {
    format: {
      type: 'string',
      valueName: 'format',
      choices: ['text', 'json', 'github', 'sarif'],
      default: 'text',
      description: 'Output format',
    },
    strict: { type: 'boolean', description: 'Treat warnings as errors' },
    dialect: {
      type: 'string',
      valueName: 'dialect',
      choices: ['official', 'compatible'],
      default: 'compatible',
      description: 'Which constructs to accept, see Dialects',
    },
    quiet: { type: 'boolean', short: 'q', description: 'Report errors only, without the summary' },
  },
  sections: [
    {
      title: 'Dialects',
      lines: [
        'official    exactly what the Naftiko 1.0.0-alpha2 JSON Schema and rules accept',
        'compatible  also the community constructs seen in the wild, each reported as a',
        '            warning that names the official form (an error with --strict)',
      ],
    },
    {
      title: 'Exit codes',
      lines: [
        '0   every file is valid (warnings allowed)',
        '1   at least one file is invalid',
        '2   usage error, or an input is missing, unreadable or matches no file',
        '70  internal error (a bug in naftiko; please report it)',
      ],
    },
    {
      title: 'Examples',
      lines: [
        'naftiko validate capabilities/',
        "naftiko validate 'capabilities/**/*.{yaml,yml}' --strict",
        'naftiko validate capabilities/ --format sarif > naftiko.sarif',
      ],
    },
  ],
  async run({ values, positionals, io }) {
    // Loaded on demand so that parsing and --help never pay for the validator.
    const { runValidate } = await import('../validate/run-validate.js');
    return await runValidate({ inputs: positionals, ...values, io });
  },
});
