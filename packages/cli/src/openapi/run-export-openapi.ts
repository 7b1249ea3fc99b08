import { resolve } from 'node:path';
import {
  type ActionSpec,
  createActionFactory,
  createCapability,
  createRedactor,
  emptyBindingValues,
  findConsumedOperation,
  formatUrlHost,
  isStreamingOperation,
} from '@naftiko/core';
import { buildOpenApiDocument, planParametersOf, serializeDocument } from '@naftiko/exposer-rest';
import type { ExposesRestSpec } from '@naftiko/spec';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-code.js';
import { shouldUseColor } from '../format/create-colors.js';
import { formatText } from '../format/format-text.js';
import { readSources } from '../validate/read-sources.js';
import { writeOutput } from './write-output.js';

export interface RunExportOpenapiOptions {
  file: string;
  namespace: string | undefined;
  output: string | undefined;
  format: 'yaml' | 'json' | undefined;
  io: CliIo;
}

/** `naftiko export openapi`: the OpenAPI 3.1 document of one rest expose. */
export async function runExportOpenapi({
  file,
  namespace,
  output,
  format,
  io,
}: RunExportOpenapiOptions): Promise<number> {
  const path = resolve(io.cwd, file);
  const { validateCapability } = await import('@naftiko/spec');
  const loaded = validateCapability({ path });
  if (!loaded.value) {
    const errors = loaded.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    const unreadable = errors.find(
      (diagnostic) => diagnostic.code === 'file-unreadable' && diagnostic.pointer === '',
    );
    if (unreadable) {
      io.stderr.write(`naftiko: ${unreadable.message}\n`);
      return ExitCode.USAGE;
    }
    const reports = [{ file, valid: false, diagnostics: errors }];
    const sources = await readSources({ reports, cwd: io.cwd });
    io.stderr.write(
      formatText({
        reports,
        sources,
        color: shouldUseColor({ isTTY: io.stderr.isTTY === true, env: io.env }),
      }),
    );
    io.stderr.write(`naftiko: ${file} is not a valid capability; fix the errors above, then export again.\n`);
    return ExitCode.INVALID;
  }
  const capability = createCapability({ ...loaded.value, diagnostics: loaded.diagnostics });
  const rests = capability.exposes.filter((expose): expose is ExposesRestSpec => expose.type === 'rest');
  const names = rests.map((expose) => expose.namespace);
  let expose: ExposesRestSpec | undefined;
  if (namespace !== undefined) {
    expose = rests.find((candidate) => candidate.namespace === namespace);
    if (!expose) {
      io.stderr.write(
        `naftiko: ${file} has no rest expose '${namespace}'${names.length ? `; its rest exposes are: ${names.join(', ')}` : ''}.\n`,
      );
      return ExitCode.INVALID;
    }
  } else if (rests.length === 1) {
    expose = rests[0];
  } else {
    io.stderr.write(
      rests.length === 0
        ? `naftiko: ${file} has no \`type: rest\` expose, so there is no REST API to describe.\n`
        : `naftiko: ${file} has several rest exposes (${names.join(', ')}); choose one with --namespace.\n`,
    );
    return ExitCode.INVALID;
  }
  const rest = expose as ExposesRestSpec;
  const host = rest.address ?? '127.0.0.1';
  // Actions compiled offline, only for their input schemas: the export lists exactly what the
  // running gateway reads (core's parameter plan).
  const createAction = createActionFactory({
    capability,
    consumer: () => undefined,
    bindings: () => emptyBindingValues,
    redactor: () => createRedactor({ values: [] }),
  });
  const document = buildOpenApiDocument({
    expose: rest,
    ...(capability.document.info ? { info: capability.document.info } : {}),
    serverUrl: `http://${formatUrlHost(host)}:${rest.port}`,
    // The engine's own rule, so the document and the running gateway agree on what streams.
    planParameters: (planned) =>
      planParametersOf(
        planned,
        createAction({ ...planned.operation, inputParameters: planned.parameters } as ActionSpec, {
          exposeNamespace: rest.namespace,
          name: planned.operationId,
        }),
      ),
    isStreaming: (planned) => {
      const call = planned.operation.call;
      const consumed = call === undefined ? undefined : findConsumedOperation(capability, call);
      return consumed !== undefined && isStreamingOperation(consumed);
    },
    consumedOutputs: (planned) =>
      planned.operation.call === undefined
        ? undefined
        : findConsumedOperation(capability, planned.operation.call)?.operation.outputParameters,
  });
  const chosen = format ?? (output?.toLowerCase().endsWith('.json') ? 'json' : 'yaml');
  const written = await writeOutput({
    text: serializeDocument({ value: document, format: chosen }),
    output,
    io,
  });
  return written ? ExitCode.OK : ExitCode.USAGE;
}
