import { defineCommand } from '../define-command.js';
import { UsageError } from '../usage-error.js';

export const exportOpenapiCommand = defineCommand({
  name: 'export',
  summary: "Write the OpenAPI 3.1 description of a capability's REST API",
  description:
    'Writes the OpenAPI 3.1 document of a `type: rest` expose: its paths, parameters (types and\n' +
    'patterns as validated at runtime), request bodies, result shapes and problem+json errors.\n' +
    'The same document is served at /openapi.json while the capability runs.',
  arguments: [
    { name: 'kind', description: 'What to export; `openapi` is the one kind', required: true },
    { name: 'file', description: 'The capability file', required: true },
  ],
  options: {
    namespace: {
      type: 'string',
      short: 'n',
      valueName: 'ns',
      description: 'The rest expose to describe (needed when there are several)',
    },
    output: { type: 'string', short: 'o', valueName: 'file', description: 'Write here instead of stdout' },
    format: {
      type: 'string',
      short: 'f',
      valueName: 'format',
      choices: ['yaml', 'json'],
      description: 'Output format; default: from the -o extension, else yaml',
    },
  },
  sections: [
    {
      title: 'Exit codes',
      lines: [
        '0   the document was written',
        '1   the capability is invalid or has no such rest expose',
        '2   usage error, or the file cannot be read or written',
      ],
    },
    {
      title: 'Examples',
      lines: [
        'naftiko export openapi examples/rest-gateway/capability.yaml',
        'naftiko export openapi capability.yaml --namespace sessions-api -o openapi.json',
      ],
    },
  ],
  async run({ values, positionals, io }) {
    const [kind, file] = positionals;
    if (kind !== 'openapi') {
      throw new UsageError(`Unknown export kind '${kind}'. Did you mean 'openapi'?`, { command: 'export' });
    }
    // Loaded on demand so that parsing and --help never pay for the exporter.
    const { runExportOpenapi } = await import('../openapi/run-export-openapi.js');
    return await runExportOpenapi({ file: file as string, ...values, io });
  },
});
