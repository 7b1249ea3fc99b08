import type { Diagnostic } from '../diagnostic.js';

/** The outcome of validating one capability file, with paths already made relative to the cwd. */
export interface FileReport {
  /** The validated file, relative to the cwd when inside it, else absolute; `/` separators. */
  file: string;
  /** False when any diagnostic is an error (after `--strict`). */
  valid: boolean;
  /** Every diagnostic of the run, including those located in imported files. */
  diagnostics: Diagnostic[];
  /**
   * `ikanos 1.0.0-beta5` for a valid file of a later format version than naftiko's own alpha2
   * (whose output stays as it always was).
   */
  version?: string;
}

export interface ReportSummary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function summarizeReports({ reports }: { reports: readonly FileReport[] }): ReportSummary {
  const summary: ReportSummary = { files: reports.length, errors: 0, warnings: 0, infos: 0 };
  for (const report of reports) {
    for (const diagnostic of report.diagnostics) {
      if (diagnostic.severity === 'error') summary.errors++;
      else if (diagnostic.severity === 'warning') summary.warnings++;
      else summary.infos++;
    }
  }
  return summary;
}
