/** A 1-based line/column span in the source text. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}
