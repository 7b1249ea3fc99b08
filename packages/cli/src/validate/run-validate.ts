import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-code.js';
import { shouldUseColor } from '../format/create-colors.js';
import { formatGithub } from '../format/format-github.js';
import { formatJson } from '../format/format-json.js';
import { formatSarif } from '../format/format-sarif.js';
import { formatText } from '../format/format-text.js';
import { readVersion } from '../read-version.js';
import type { FileReport } from './file-report.js';
import { readSources } from './read-sources.js';
import { resolveInputs } from './resolve-inputs.js';

export interface RunValidateOptions {
  inputs: readonly string[];
  format: 'text' | 'json' | 'github' | 'sarif';
  dialect: 'compatible' | 'official';
  strict: boolean;
  quiet: boolean;
  io: CliIo;
}

/** `naftiko validate`: exit 0 when every file is valid, 1 when one is invalid, 2 on I/O problems. */
export async function runValidate({
  inputs,
  format,
  dialect,
  strict,
  quiet,
  io,
}: RunValidateOptions): Promise<number> {
  const resolved = await resolveInputs({ inputs, cwd: io.cwd });
  if (reportProblems(resolved.problems, io)) return ExitCode.USAGE;

  // The validator (yaml, ajv, the schemas) loads only once there are files to validate.
  const { validateFiles } = await import('./validate-files.js');
  const validated = await validateFiles({ files: resolved.files, cwd: io.cwd, dialect, strict });
  if (reportProblems(validated.problems, io)) return ExitCode.USAGE;

  const reports = quiet ? errorsOnly(validated.reports) : validated.reports;
  io.stdout.write(await render({ reports, format, quiet, io }));
  return validated.reports.every((report) => report.valid) ? ExitCode.OK : ExitCode.INVALID;
}

async function render({
  reports,
  format,
  quiet,
  io,
}: {
  reports: FileReport[];
  format: RunValidateOptions['format'];
  quiet: boolean;
  io: CliIo;
}): Promise<string> {
  switch (format) {
    case 'json':
      return formatJson({ reports });
    case 'github':
      return formatGithub({ reports, quiet });
    case 'sarif': {
      const { describeCode } = await import('./describe-code.js');
      return formatSarif({ reports, cwd: io.cwd, toolVersion: readVersion(), describeRule: describeCode });
    }
    case 'text':
      return formatText({
        reports,
        sources: await readSources({ reports, cwd: io.cwd }),
        color: shouldUseColor({ isTTY: io.stdout.isTTY, env: io.env }),
        quiet,
      });
  }
}

function errorsOnly(reports: readonly FileReport[]): FileReport[] {
  return reports.map((report) => ({
    ...report,
    diagnostics: report.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'),
  }));
}

function reportProblems(problems: readonly string[], io: CliIo): boolean {
  for (const problem of problems) io.stderr.write(`naftiko: ${problem}\n`);
  return problems.length > 0;
}
