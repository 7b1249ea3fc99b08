/**
 * The diagnostic contract of docs/architecture.md, structurally identical to @naftiko/spec's
 * `Diagnostic`. Formatters depend on this shape only, so they also format diagnostics that come
 * from elsewhere (an editor integration, a future linter).
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  pointer: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}
