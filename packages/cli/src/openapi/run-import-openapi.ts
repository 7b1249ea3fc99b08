import { resolve } from 'node:path';
import { importOpenApi, loadOpenApiSource, serializeDocument } from '@naftiko/exposer-rest';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-code.js';
import { shouldUseColor } from '../format/create-colors.js';
import { formatText } from '../format/format-text.js';
import { writeOutput } from './write-output.js';

export interface RunImportOpenapiOptions {
  spec: string;
  output: string | undefined;
  namespace: string | undefined;
  baseUri: string | undefined;
  port: number | undefined;
  io: CliIo;
}

/** `naftiko import openapi`: an OpenAPI / Swagger document to a capability (YAML). */
export async function runImportOpenapi(options: RunImportOpenapiOptions): Promise<number> {
  const { spec, output, io } = options;
  const isUrl = /^https?:\/\//i.test(spec);
  const loaded = await loadOpenApiSource({ location: isUrl ? spec : resolve(io.cwd, spec) });
  const color = shouldUseColor({ isTTY: io.stderr.isTTY === true, env: io.env });
  if (!loaded.value) {
    for (const diagnostic of loaded.diagnostics) io.stderr.write(`naftiko: ${diagnostic.message}\n`);
    return ExitCode.USAGE;
  }
  const result = importOpenApi({
    document: loaded.value.document,
    file: spec,
    ...(loaded.value.sourceUrl ? { sourceUrl: loaded.value.sourceUrl } : {}),
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    ...(options.baseUri !== undefined ? { baseUri: options.baseUri } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  const valid = result.value !== undefined;
  if (result.diagnostics.length > 0) {
    // OpenAPI documents are often huge and JSON: positions point into them by JSON pointer only.
    io.stderr.write(
      formatText({ reports: [{ file: spec, valid, diagnostics: result.diagnostics }], color, quiet: valid }),
    );
  }
  if (!result.value) return ExitCode.INVALID;
  const written = await writeOutput({
    text: serializeDocument({ value: result.value, format: 'yaml' }),
    output,
    io,
  });
  if (written && output !== undefined) {
    const tools = result.value.capability.exposes[0]?.tools.length ?? 0;
    io.stderr.write(
      `naftiko: wrote ${output} (${tools} tool${tools === 1 ? '' : 's'}); check it with 'naftiko validate ${output} --dialect official'.\n`,
    );
  }
  return written ? ExitCode.OK : ExitCode.USAGE;
}
