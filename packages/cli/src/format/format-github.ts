import type { Diagnostic } from '../diagnostic.js';
import { type FileReport, summarizeReports } from '../validate/file-report.js';
import { createColors } from './create-colors.js';
import { formatSummary } from './format-summary.js';

export interface FormatGithubOptions {
  reports: readonly FileReport[];
  /** Leave out the plain summary line (`--quiet`). */
  quiet?: boolean;
}

const COMMAND_BY_SEVERITY = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * GitHub Actions workflow commands, one per diagnostic, which GitHub shows as annotations on the
 * pull request: `::error file=a.yaml,line=3,col=5,endLine=3,endColumn=9,title=code::message`.
 */
export function formatGithub({ reports, quiet = false }: FormatGithubOptions): string {
  const lines: string[] = [];
  for (const report of reports) {
    for (const diagnostic of report.diagnostics) lines.push(formatCommand(diagnostic, report.file));
  }
  // A plain line is not a command: the runner prints it in the log as is.
  if (!quiet)
    lines.push(
      formatSummary({ summary: summarizeReports({ reports }), colors: createColors({ enabled: false }) }),
    );
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function formatCommand(diagnostic: Diagnostic, reportFile: string): string {
  const properties: [string, string | number | undefined][] = [
    ['file', diagnostic.file ?? reportFile],
    ['line', diagnostic.line],
    ['col', diagnostic.column],
    ['endLine', diagnostic.endLine],
    ['endColumn', diagnostic.endColumn],
    ['title', diagnostic.code],
  ];
  const rendered = properties
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${COMMAND_BY_SEVERITY[diagnostic.severity]} ${rendered}::${escapeData(diagnostic.message)}`;
}

/** Workflow-command escaping of the message (the runner's `escapeData`). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command escaping of a property value (the runner's `escapeProperty`). */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
