import { DIAGNOSTIC_CODES, isDiagnosticCode } from '@naftiko/spec';

/** The one-line summary @naftiko/spec documents for a diagnostic code (a SARIF rule description). */
export function describeCode(code: string): string | undefined {
  return isDiagnosticCode(code) ? DIAGNOSTIC_CODES[code].summary : undefined;
}
