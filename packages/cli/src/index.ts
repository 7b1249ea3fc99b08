export { type CliIo, type CliOutput, createProcessIo } from './cli-io.js';
export { commands } from './commands.js';
export {
  type AnyOptionValue,
  type ArgumentDefinition,
  type BooleanOptionDefinition,
  type CommandContext,
  type CommandDefinition,
  defineCommand,
  type HelpSection,
  type OptionDefinition,
  type OptionDefinitions,
  type OptionValue,
  type OptionValues,
  type StringOptionDefinition,
} from './define-command.js';
export type { Diagnostic, Severity } from './diagnostic.js';
export { ExitCode } from './exit-code.js';
export { type FormatGithubOptions, formatGithub } from './format/format-github.js';
export { type FormatJsonOptions, formatJson, JSON_REPORT_VERSION } from './format/format-json.js';
export { type FormatSarifOptions, formatSarif, SARIF_SCHEMA_URI } from './format/format-sarif.js';
export { type FormatTextOptions, formatText } from './format/format-text.js';
export { type MainOptions, main } from './main.js';
export { isUsageError, UsageError } from './usage-error.js';
export { type FileReport, type ReportSummary, summarizeReports } from './validate/file-report.js';
export { type ResolvedInputs, type ResolveInputsOptions, resolveInputs } from './validate/resolve-inputs.js';
export {
  type ValidateFilesOptions,
  type ValidateFilesResult,
  validateFiles,
} from './validate/validate-files.js';
