import { defineCommand } from '../define-command.js';
import { UsageError } from '../usage-error.js';

const TARGETS = ['1.0.0-beta5', '1.0.0-alpha2'] as const;

export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'Rewrite a capability file in another format version (alpha2 <-> ikanos beta5)',
  description:
    'Rewrites a capability file from `naftiko: 1.0.0-alpha2` to `ikanos: 1.0.0-beta5` or back\n' +
    '(any ikanos version from 1.0.0-alpha3 reads), with the same renames the loader applies,\n' +
    'comments kept where they were. The result is validated in its target version before it is\n' +
    'written; keys the target has no place for are dropped with a warning each. Imported files\n' +
    'are not rewritten: migrate each of them too.',
  arguments: [{ name: 'file', description: 'The capability file', required: true }],
  options: {
    to: {
      type: 'string',
      valueName: 'version',
      choices: [...TARGETS],
      description: 'The version to write',
    },
    output: { type: 'string', short: 'o', valueName: 'file', description: 'Write here instead of stdout' },
  },
  sections: [
    {
      title: 'Exit codes',
      lines: [
        '0   the file was written (warnings, if any, on stderr)',
        '1   the file, or what it would become, is invalid (diagnostics on stderr)',
        '2   usage error, or the file cannot be read or written',
      ],
    },
    {
      title: 'Examples',
      lines: [
        'naftiko migrate capability.yaml --to 1.0.0-beta5',
        'naftiko migrate capability.yaml --to 1.0.0-alpha2 -o capability.alpha2.yaml',
      ],
    },
  ],
  async run({ values, positionals, io }) {
    const [file] = positionals;
    const to = values.to;
    if (to === undefined) {
      throw new UsageError(`Missing --to: one of ${TARGETS.join(', ')}.`, { command: 'migrate' });
    }
    // Loaded on demand so that parsing and --help never pay for the migration.
    const { runMigrate } = await import('../migrate/run-migrate.js');
    return await runMigrate({
      file: file as string,
      to: to as (typeof TARGETS)[number],
      output: values.output,
      io,
    });
  },
});
