import { defineCommand } from '../define-command.js';
import { UsageError } from '../usage-error.js';

export const importOpenapiCommand = defineCommand({
  name: 'import',
  summary: 'Turn an OpenAPI or Swagger document into a capability',
  description:
    'Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document (a file or an http(s) URL) and writes a\n' +
    'capability: a `consumes` adapter with one operation per API operation, and an MCP expose\n' +
    'with one tool per operation. Tool hints follow the method (GET read-only and idempotent,\n' +
    'PUT idempotent, DELETE destructive). The result passes `naftiko validate --dialect official`.',
  arguments: [
    { name: 'kind', description: 'What to import; `openapi` is the one kind', required: true },
    { name: 'spec', description: 'The OpenAPI document: a file path or an http(s) URL', required: true },
  ],
  options: {
    output: { type: 'string', short: 'o', valueName: 'file', description: 'Write here instead of stdout' },
    namespace: {
      type: 'string',
      short: 'n',
      valueName: 'ns',
      description: 'Namespace of the consumed API (default: the title in kebab case)',
    },
    'base-uri': {
      type: 'string',
      valueName: 'url',
      description: 'The API base URL, when the document has none or only a relative one',
    },
    port: {
      type: 'string',
      valueName: 'port',
      description: 'Port of the generated MCP expose (default 3000)',
    },
  },
  sections: [
    {
      title: 'Exit codes',
      lines: [
        '0   the capability was written (warnings name what was left out)',
        '1   the document cannot be imported (the errors say why)',
        '2   usage error, or the document cannot be read, or the output cannot be written',
      ],
    },
    {
      title: 'Examples',
      lines: [
        'naftiko import openapi petstore.yaml -o petstore.capability.yaml',
        'naftiko import openapi https://api.example.test/openapi.json --namespace shop',
      ],
    },
  ],
  async run({ values, positionals, io }) {
    const [kind, spec] = positionals;
    if (kind !== 'openapi') {
      throw new UsageError(`Unknown import kind '${kind}'. Did you mean 'openapi'?`, { command: 'import' });
    }
    let port: number | undefined;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new UsageError(`--port must be an integer from 1 to 65535, got '${values.port}'.`, {
          command: 'import',
        });
      }
    }
    // Loaded on demand so that parsing and --help never pay for the importer.
    const { runImportOpenapi } = await import('../openapi/run-import-openapi.js');
    return await runImportOpenapi({
      spec: spec as string,
      output: values.output,
      namespace: values.namespace,
      baseUri: values['base-uri'],
      port,
      io,
    });
  },
});
