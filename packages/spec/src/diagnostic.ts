/** How bad a finding is: errors make a document invalid, warnings and infos do not. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding about a capability document. Every problem the validator can report is a
 * `Diagnostic`, never an exception, so a CLI or an editor can show all of them at once.
 */
export interface Diagnostic {
  /** Stable, kebab-case, documented in `diagnostic-codes.ts`. */
  code: string;
  severity: Severity;
  /** Says what is wrong and names the fix. */
  message: string;
  /** JSON pointer into the document, `''` for the root. */
  pointer: string;
  /** Path as given (or `'<input>'`). */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/** What a rule produces: a diagnostic before it is placed in a file. */
export type RuleDiagnostic = Pick<Diagnostic, 'code' | 'severity' | 'message' | 'pointer'>;
