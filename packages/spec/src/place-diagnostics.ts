import type { Diagnostic, RuleDiagnostic } from './diagnostic.js';
import type { SourceRange } from './source-range.js';

/** Attaches a file and the 1-based source range of each pointer. */
export function placeDiagnostics(
  diagnostics: readonly RuleDiagnostic[],
  file: string,
  locate: (pointer: string) => SourceRange | undefined,
): Diagnostic[] {
  return diagnostics.map((diagnostic) =>
    // Parser findings carry their own position, which is more precise than the node's.
    'line' in diagnostic && diagnostic.line !== undefined
      ? placeDiagnostic(diagnostic, file)
      : placeDiagnostic(diagnostic, file, locate(diagnostic.pointer)),
  );
}

export function placeDiagnostic(
  diagnostic: RuleDiagnostic | Diagnostic,
  file: string,
  range?: SourceRange,
): Diagnostic {
  const placed: Diagnostic = {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    pointer: diagnostic.pointer,
    file,
  };
  const line = range?.line ?? ('line' in diagnostic ? diagnostic.line : undefined);
  if (line !== undefined) {
    placed.line = line;
    placed.column = range?.column ?? ('column' in diagnostic ? diagnostic.column : undefined) ?? 1;
    const endLine = range?.endLine ?? ('endLine' in diagnostic ? diagnostic.endLine : undefined);
    const endColumn = range?.endColumn ?? ('endColumn' in diagnostic ? diagnostic.endColumn : undefined);
    if (endLine !== undefined && endColumn !== undefined) {
      placed.endLine = endLine;
      placed.endColumn = endColumn;
    }
  }
  return placed;
}
