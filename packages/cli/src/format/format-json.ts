import type { Diagnostic } from '../diagnostic.js';
import { type FileReport, summarizeReports } from '../validate/file-report.js';

export interface FormatJsonOptions {
  reports: readonly FileReport[];
}

/** Bumped only when a field changes meaning or disappears; new fields may appear in version 1. */
export const JSON_REPORT_VERSION = 1;

/**
 * One machine-readable document for scripts:
 * `{ version: 1, files: [{ file, valid, diagnostics }], summary: { files, errors, warnings } }`.
 * Keys come in a fixed order so the output diffs cleanly between runs.
 */
export function formatJson({ reports }: FormatJsonOptions): string {
  const { files, errors, warnings } = summarizeReports({ reports });
  const document = {
    version: JSON_REPORT_VERSION,
    files: reports.map((report) => ({
      file: report.file,
      valid: report.valid,
      diagnostics: report.diagnostics.map((diagnostic) => orderKeys(diagnostic, report.file)),
    })),
    summary: { files, errors, warnings },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function orderKeys(diagnostic: Diagnostic, file: string): Diagnostic {
  return {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    pointer: diagnostic.pointer,
    file: diagnostic.file ?? file,
    line: diagnostic.line,
    column: diagnostic.column,
    endLine: diagnostic.endLine,
    endColumn: diagnostic.endColumn,
  };
}
