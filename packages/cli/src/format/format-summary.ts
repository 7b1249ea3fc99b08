import type { ReportSummary } from '../validate/file-report.js';
import type { Colors } from './create-colors.js';

export interface FormatSummaryOptions {
  summary: ReportSummary;
  colors: Colors;
}

/** `✖ 2 errors, 1 warning in 3 files` or `✔ 3 files valid` (plus warnings when there are some). */
export function formatSummary({ summary, colors }: FormatSummaryOptions): string {
  const files = plural(summary.files, 'file');
  if (summary.errors > 0) {
    const counts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
    if (summary.infos > 0) counts.push(plural(summary.infos, 'info'));
    return `${colors.red('✖')} ${counts.join(', ')} in ${files}`;
  }
  const notes = [
    summary.warnings > 0 ? plural(summary.warnings, 'warning') : '',
    summary.infos > 0 ? plural(summary.infos, 'info') : '',
  ];
  const suffix = notes.filter((note) => note !== '').join(', ');
  return `${colors.green('✔')} ${files} valid${suffix === '' ? '' : ` (${suffix})`}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
