// The public API of @naftiko/spec. Adding a line here is an API change; index.test.ts
// snapshots the list.

export { toBaseUriTemplate } from './base-uri-template.js';
export { type DocumentVersion, SUPPORTED_VERSIONS } from './check-version.js';
export type { Diagnostic, Severity } from './diagnostic.js';
export {
  DIAGNOSTIC_CODES,
  type DiagnosticCode,
  type DiagnosticCodeInfo,
  isDiagnosticCode,
} from './diagnostic-codes.js';
export { editDistance } from './edit-distance.js';
export { IKANOS_VERSIONS, type IkanosVersion } from './ikanos/ikanos-versions.js';
export {
  MIGRATE_TARGETS,
  type MigrateCapabilityOptions,
  type MigrateCapabilityResult,
  type MigrateTarget,
  migrateCapability,
} from './ikanos/migrate-capability.js';
export { parsePointer, toPointer } from './json-pointer.js';
export {
  DEFAULT_MAX_ALIAS_COUNT,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_DEPTH,
  type LoadedYaml,
  type LoadYamlOptions,
  loadYaml,
} from './load-yaml.js';
// The capability model types (`...Spec`), each defined once in model-types.ts.
export type * from './model/model-types.js';
export {
  type CacheSpec,
  type CircuitBreakerSpec,
  type ConsumesResilienceSpec,
  type ExposeResilienceSpec,
  type OperationResilienceSpec,
  type RateLimitSpec,
  RESILIENCE_KEY,
  type RetrySpec,
} from './model/resilience.js';
export { argumentName, isIdentifierName } from './normalize/index.js';
export {
  type ReadRegularFileOptions,
  type ReadRegularFileResult,
  type RegularFileProblem,
  readRegularFile,
} from './read-regular-file.js';
export { checkSchema } from './schema/check-schema.js';
export {
  type CreateCapabilitySchemaOptions,
  createCapabilitySchema,
} from './schema/create-capability-schema.js';
export {
  capabilitySchemaFileName,
  capabilitySchemaId,
  DIALECTS,
  type Dialect,
  type JsonSchema,
} from './schema/dialect.js';
export { capabilitySchema } from './schema/precompiled-dialect.js';
export { SCHEMA_ISSUE_CODES, type SchemaIssue, type SchemaIssueCode } from './schema/schema-issue.js';
export type { SourceRange } from './source-range.js';
export {
  type CapabilityDialect,
  type LoadedDocument,
  type ValidateCapabilityOptions,
  type ValidationResult,
  validateCapability,
} from './validate-capability.js';
