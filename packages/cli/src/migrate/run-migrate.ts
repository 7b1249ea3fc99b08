import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-code.js';
import { shouldUseColor } from '../format/create-colors.js';
import { formatText } from '../format/format-text.js';
import { writeOutput } from '../openapi/write-output.js';
import { describeErrno } from '../validate/resolve-inputs.js';

export interface RunMigrateOptions {
  file: string;
  to: '1.0.0-beta5' | '1.0.0-alpha2';
  output: string | undefined;
  io: CliIo;
}

/** `naftiko migrate`: the file rewritten in another version, or why it cannot be. */
export async function runMigrate({ file, to, output, io }: RunMigrateOptions): Promise<number> {
  const path = resolve(io.cwd, file);
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    io.stderr.write(`naftiko: Cannot read '${file}': ${describeErrno(error)}.\n`);
    return ExitCode.USAGE;
  }
  const { migrateCapability } = await import('@naftiko/spec');
  const result = migrateCapability({ source, filename: path, to });
  const diagnostics = result.diagnostics.map((diagnostic) =>
    diagnostic.file === path ? { ...diagnostic, file } : diagnostic,
  );
  if (diagnostics.length > 0) {
    const reports = [{ file, valid: result.text !== undefined, diagnostics }];
    io.stderr.write(
      formatText({
        reports,
        sources: new Map([[file, source]]),
        color: shouldUseColor({ isTTY: io.stderr.isTTY === true, env: io.env }),
        quiet: true,
      }),
    );
  }
  if (result.text === undefined) {
    io.stderr.write(
      `naftiko: ${file} cannot be written as ${to}; fix the errors above, then migrate again.\n`,
    );
    return ExitCode.INVALID;
  }
  return (await writeOutput({ text: result.text, output, io })) ? ExitCode.OK : ExitCode.USAGE;
}
