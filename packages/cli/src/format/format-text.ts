import type { Diagnostic } from '../diagnostic.js';
import { type FileReport, summarizeReports } from '../validate/file-report.js';
import { codeFrame, splitLines } from './code-frame.js';
import { type Colors, createColors } from './create-colors.js';
import { formatSummary } from './format-summary.js';
import { makePrintable } from './make-printable.js';

export interface FormatTextOptions {
  reports: readonly FileReport[];
  /** File contents by display path, for code frames; a file missing here gets no frame. */
  sources?: ReadonlyMap<string, string>;
  color?: boolean;
  /** Leave out the summary line (`--quiet`). */
  quiet?: boolean;
}

/**
 * The human format: `file:line:col  severity  message  [code]`, then a code frame, then one
 * summary line. Ends with a newline unless there is nothing to say.
 */
export function formatText({
  reports,
  sources = new Map(),
  color = false,
  quiet = false,
}: FormatTextOptions): string {
  const colors = createColors({ enabled: color });
  const lineCache = new Map<string, string[]>();
  const linesOf = (file: string): string[] | undefined => {
    let lines = lineCache.get(file);
    if (lines === undefined) {
      const source = sources.get(file);
      if (source === undefined) return undefined;
      lines = splitLines(source);
      lineCache.set(file, lines);
    }
    return lines;
  };

  const blocks: string[] = [];
  // Which version each valid ikanos file was read as: `ok  a.yaml (ikanos 1.0.0-beta5)`.
  const versions = reports
    .filter((report) => report.valid && report.version !== undefined)
    .map((report) => `${colors.green('ok')}  ${makePrintable(report.file)} (${report.version})`);
  if (versions.length > 0) blocks.push(versions.join('\n'));
  for (const report of reports) {
    for (const diagnostic of report.diagnostics) {
      blocks.push(formatDiagnostic({ diagnostic, file: diagnostic.file ?? report.file, colors, linesOf }));
    }
  }
  if (!quiet) blocks.push(formatSummary({ summary: summarizeReports({ reports }), colors }));
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

interface FormatDiagnosticOptions {
  diagnostic: Diagnostic;
  file: string;
  colors: Colors;
  linesOf(file: string): string[] | undefined;
}

function formatDiagnostic({ diagnostic, file, colors, linesOf }: FormatDiagnosticOptions): string {
  const accent = severityColor(diagnostic.severity, colors);
  let location = makePrintable(file);
  if (diagnostic.line !== undefined) {
    location += `:${diagnostic.line}`;
    if (diagnostic.column !== undefined) location += `:${diagnostic.column}`;
  }
  // Continuation lines of a long message stay aligned under the first.
  const message = diagnostic.message
    .split('\n')
    .map((line) => makePrintable(line))
    .join('\n    ');
  const head = `${colors.bold(location)}  ${accent(diagnostic.severity)}  ${message}  ${colors.dim(`[${diagnostic.code}]`)}`;
  const lines = diagnostic.line === undefined ? undefined : linesOf(file);
  if (lines === undefined || diagnostic.line === undefined) return head;
  const frame = codeFrame({
    lines,
    line: diagnostic.line,
    column: diagnostic.column,
    endLine: diagnostic.endLine,
    endColumn: diagnostic.endColumn,
    colors,
    accent,
  });
  return frame === '' ? head : `${head}\n${frame}`;
}

function severityColor(severity: Diagnostic['severity'], colors: Colors): (text: string) => string {
  if (severity === 'error') return colors.red;
  if (severity === 'warning') return colors.yellow;
  return colors.blue;
}
