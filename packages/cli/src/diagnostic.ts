// Formatters depend on the diagnostic contract of @naftiko/spec (docs/architecture.md) as a type
// only, so loading them never loads the validator.
export type { Diagnostic, Severity } from '@naftiko/spec';
