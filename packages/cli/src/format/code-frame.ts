import type { Colors } from './create-colors.js';
import { makePrintable } from './make-printable.js';

export interface CodeFrameOptions {
  /** The file's lines (split once per file by the caller, not once per diagnostic). */
  lines: readonly string[];
  /** 1-based. */
  line: number;
  /** 1-based; defaults to the first column. */
  column?: number;
  endLine?: number;
  /** 1-based and exclusive, like SARIF regions: the column after the last marked character. */
  endColumn?: number;
  colors: Colors;
  /** Colours the marker and the underline. */
  accent: (text: string) => string;
  /** Lines shown before and after the marked line. */
  context?: number;
}

/**
 * The source around a diagnostic with line numbers and an underline below the column range:
 *
 *     11 |     tools:
 *   > 12 |       - call: weather.forcast
 *        |               ^^^^^^^^^^^^^^^
 *     13 |         with:
 *
 * A range that runs past the line is underlined to the end of the line. Returns '' when the line
 * is not in the file (a stale position must not crash the report).
 */
export function codeFrame({
  lines,
  line,
  column = 1,
  endLine,
  endColumn,
  colors,
  accent,
  context = 1,
}: CodeFrameOptions): string {
  const text = lines[line - 1];
  if (text === undefined || line < 1) return '';
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const gutterWidth = String(last).length;

  const start = Math.max(1, Math.min(column, text.length + 1));
  const end = endLine === undefined || endLine === line ? (endColumn ?? start + 1) : text.length + 1;
  const width = Math.max(1, end - start);
  // Keep tabs in the padding so the carets line up under tab-indented source.
  const padding = text.slice(0, start - 1).replace(/[^\t]/g, ' ');

  const out: string[] = [];
  for (let number = first; number <= last; number++) {
    const source = makePrintable(lines[number - 1] ?? '');
    const gutter = colors.dim(`${String(number).padStart(gutterWidth)} |`);
    const marker = number === line ? accent('>') : ' ';
    out.push(`${marker} ${gutter}${source === '' ? '' : ` ${source}`}`);
    if (number === line) {
      out.push(`  ${colors.dim(`${' '.repeat(gutterWidth)} |`)} ${padding}${accent('^'.repeat(width))}`);
    }
  }
  return out.join('\n');
}

/** Splits a file into lines the way YAML counts them (LF, CRLF or CR). */
export function splitLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}
