import { dirname, resolve } from 'node:path';
import { type CapabilityIndex, type Dict, indexCapability, isDict } from './capability-index.js';
import { checkIsCapability, checkVersion, type DocumentVersion, documentVersion } from './check-version.js';
import type { Diagnostic, RuleDiagnostic } from './diagnostic.js';
import { ikanosSchemaShape, isIkanosVersion } from './ikanos/ikanos-versions.js';
import { normalizeIkanos } from './ikanos/normalize-ikanos.js';
import { parsePointer } from './json-pointer.js';
import { DEFAULT_MAX_BYTES, loadYaml } from './load-yaml.js';
import type { CapabilityDocumentSpec } from './model/model-types.js';
import { normalizeCommunity } from './normalize/index.js';
import { placeDiagnostic, placeDiagnostics } from './place-diagnostics.js';
import { readCapabilityFile } from './read-capability-file.js';
import { type ImportOrigin, resolveImports } from './resolve-imports.js';
import { checkAggregateSemantics } from './rules/aggregate-semantics.js';
import { checkArgumentReferences } from './rules/argument-references.js';
import { checkAuthVariables } from './rules/auth-variables.js';
import { checkAuthentication } from './rules/authentication.js';
import { detectCommunityConstructs } from './rules/community-constructs.js';
import { checkAppendedPathParameters, checkConsumedPaths } from './rules/consumed-paths.js';
import { checkDescriptions } from './rules/descriptions.js';
import { checkMarkdownInjection } from './rules/markdown-injection.js';
import { checkNamespaces } from './rules/namespaces.js';
import { checkPorts } from './rules/ports.js';
import { checkReferences } from './rules/references.js';
import { checkResilience } from './rules/resilience.js';
import { checkRestPaths } from './rules/rest-paths.js';
import { checkSkills } from './rules/skills.js';
import { checkSteps } from './rules/steps.js';
import { checkTemplates } from './rules/templates.js';
import { checkUniqueness } from './rules/uniqueness.js';
import { checkUnsupportedConstructs } from './rules/unsupported-constructs.js';
import { checkSchema } from './schema/check-schema.js';
import type { SourceRange } from './source-range.js';

export type CapabilityDialect = 'compatible' | 'official';

export interface ValidateCapabilityOptions {
  /** Read from disk (imports resolve relative to it). */
  path?: string;
  /** Or validate this text. */
  source?: string;
  /** For diagnostics when `source` is given. */
  filename?: string;
  /** Default `'compatible'`. */
  dialect?: CapabilityDialect;
  /** Warnings become errors (their codes stay). */
  strict?: boolean;
  /** Default 5 MiB. */
  maxBytes?: number;
}

export interface LoadedDocument {
  /** Imports resolved: every consumes entry is a `ConsumesHttpSpec`. */
  document: CapabilityDocumentSpec;
  path?: string;
  /** For `file:///` locations relative to the capability. */
  baseDir: string;
  dialect: CapabilityDialect;
  /** The format and version the file declares (`naftiko 1.0.0-alpha2`, `ikanos 1.0.0-beta5`). */
  version?: DocumentVersion;
  /**
   * The pointer, in the file as written, of a node of `document`: the compatible dialect
   * normalises some community constructs by moving nodes (an operation with its own `path`
   * becomes a resource), an ikanos file's maps keyed by name become lists. Identity when
   * nothing moved.
   */
  sourcePointer?: (pointer: string) => string;
}

export interface ValidationResult {
  /** Present only when there is no error diagnostic. */
  value?: LoadedDocument;
  /** All problems of the run, sorted by file, line, column. */
  diagnostics: Diagnostic[];
}

/** The cross-object rules, each a pure function of the indexed document. */
const RULES: ReadonlyArray<(index: CapabilityIndex) => RuleDiagnostic[]> = [
  checkNamespaces,
  checkPorts,
  checkReferences,
  checkSteps,
  checkSkills,
  checkConsumedPaths,
  checkUniqueness,
  checkTemplates,
  checkRestPaths,
  checkDescriptions,
  checkMarkdownInjection,
  checkAuthentication,
  checkAggregateSemantics,
  checkArgumentReferences,
  checkResilience,
  checkUnsupportedConstructs,
];

/**
 * Validates one capability document: load (positions, hostile input) -> version -> JSON Schema
 * -> cross-object rules -> community-construct detectors -> imports. Every problem of every stage
 * is reported in one run; nothing throws for any input.
 */
export function validateCapability(options: ValidateCapabilityOptions): ValidationResult {
  const {
    path,
    source,
    filename,
    dialect = 'compatible',
    strict = false,
    maxBytes = DEFAULT_MAX_BYTES,
  } = options;
  const file = path ?? filename ?? '<input>';
  // Imports and file:/// locations resolve next to the capability: its path, else the filename
  // an editor passes with unsaved text, else the working directory.
  const anchor = path ?? filename;
  const baseDir = anchor !== undefined ? dirname(resolve(anchor)) : process.cwd();

  let input: string | Uint8Array;
  if (source !== undefined) {
    input = source;
  } else if (path !== undefined) {
    const read = readCapabilityFile({ path, maxBytes });
    if (!read.bytes) return finish([problem(read.problem.code, read.problem.message, file)], strict);
    input = read.bytes;
  } else {
    return finish([problem('file-unreadable', 'nothing to validate: pass `path` or `source`', file)], strict);
  }

  const loaded = loadYaml({ source: input, maxBytes });
  const diagnostics = placeDiagnostics(loaded.diagnostics, file, loaded.locate);
  if (!isDict(loaded.value)) return finish(diagnostics, strict);
  const document = loaded.value;

  const foreign = checkIsCapability(document);
  if (foreign) return finish([...diagnostics, ...placeDiagnostics([foreign], file, loaded.locate)], strict);

  // Another version is another dialect: every later finding would be about rules it does not
  // follow, so the version error is the one root cause reported.
  const version = checkVersion(document);
  if (version.length > 0)
    return finish([...diagnostics, ...placeDiagnostics(version, file, loaded.locate)], strict);
  // An ikanos file is checked against its version's schema, then read into the alpha2 model
  // once: from there on (imports, rules, core) it is the official alpha2 dialect.
  const ikanos = isIkanosVersion(document.ikanos) ? document.ikanos : undefined;
  const schemaDialect = ikanos ? (`ikanos-${ikanosSchemaShape(ikanos)}` as const) : dialect;
  diagnostics.push(...placeDiagnostics(checkSchema(document, schemaDialect), file, loaded.locate));
  const read = ikanos ? normalizeIkanos(document) : undefined;
  const ruleDialect: CapabilityDialect = ikanos ? 'official' : dialect;

  const imports = resolveImports({
    document: read?.document ?? document,
    file,
    displayDir: dirname(file),
    baseDir,
    absolutePath: anchor !== undefined ? resolve(anchor) : undefined,
    locate: read ? (pointer) => loaded.locate(read.sourcePointer(pointer)) : loaded.locate,
    dialect: ruleDialect,
    maxBytes,
    locationKey: ikanos ? 'from' : 'location',
  });
  diagnostics.push(...imports.diagnostics);

  // The compatible dialect's community constructs become the official model here, once: the
  // rules, core and every consumer and exposer see only that model.
  const normalized = ruleDialect === 'compatible' ? normalizeCommunity(imports.document) : undefined;
  const model = normalized?.document ?? imports.document;
  const sourcePointer = normalized?.sourcePointer ?? read?.sourcePointer ?? ((pointer: string) => pointer);
  const index = indexCapability(model);
  const findings = RULES.flatMap((rule) => rule(index));
  findings.push(...detectCommunityConstructs({ index, dialect: ruleDialect }));
  findings.push(...checkAppendedPathParameters({ index, dialect: ruleDialect }));
  findings.push(...checkAuthVariables({ index, dialect: ruleDialect }));
  for (const finding of findings) {
    const placed = { ...finding, pointer: sourcePointer(finding.pointer) };
    diagnostics.push(placeFinding(placed, file, loaded.locate, document, imports.origins));
  }
  for (const finding of normalized?.findings ?? []) {
    diagnostics.push(placeFinding(finding, file, loaded.locate, document, imports.origins));
  }

  const result = finish(diagnostics, strict);
  if (result.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return result;
  return {
    value: {
      document: model as CapabilityDocumentSpec,
      ...(path !== undefined ? { path } : {}),
      baseDir,
      dialect: ruleDialect,
      version: documentVersion(document),
      ...(normalized || read ? { sourcePointer } : {}),
    },
    diagnostics: result.diagnostics,
  };
}

function problem(code: string, message: string, file: string): Diagnostic {
  return { code, severity: 'error', message, pointer: '', file };
}

/**
 * A finding inside an imported consumes entry belongs to the file it was imported from; the
 * entry itself and its (renamed) namespace stay at the import in the importing file.
 */
function placeFinding(
  finding: RuleDiagnostic,
  file: string,
  locate: (pointer: string) => SourceRange | undefined,
  document: Dict,
  origins: Map<string, ImportOrigin>,
): Diagnostic {
  for (const [entryPointer, origin] of origins) {
    if (finding.pointer !== entryPointer && !finding.pointer.startsWith(`${entryPointer}/`)) continue;
    const rest = finding.pointer.slice(entryPointer.length);
    if (rest === '' || rest === '/namespace') {
      return placeDiagnostic(
        finding,
        file,
        locate(`${entryPointer}${rest === '' ? '' : importNameField(document, entryPointer)}`),
      );
    }
    const pointer = `${origin.pointer}${rest}`;
    return placeDiagnostic({ ...finding, pointer }, origin.file, origin.locate(pointer));
  }
  return placeDiagnostic(finding, file, locate(finding.pointer));
}

/** `/as` when the import renames, else `/import`, looked up in the document as written. */
function importNameField(document: Dict, entryPointer: string): string {
  let entry: unknown = document;
  for (const token of parsePointer(entryPointer))
    entry = isDict(entry) || Array.isArray(entry) ? (entry as Dict)[token] : undefined;
  return isDict(entry) && entry.as !== undefined ? '/as' : '/import';
}

/** Applies `strict`, removes exact repeats (an entry imported twice) and sorts. */
function finish(diagnostics: Diagnostic[], strict: boolean): ValidationResult {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const upgraded =
      strict && diagnostic.severity === 'warning'
        ? { ...diagnostic, severity: 'error' as const }
        : diagnostic;
    const key = `${upgraded.file}\u0000${upgraded.line}\u0000${upgraded.column}\u0000${upgraded.code}\u0000${upgraded.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(upgraded);
  }
  unique.sort(compareDiagnostics);
  return { diagnostics: unique };
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message)
  );
}

/**
 * `localeCompare`, but equal strings (nearly every file name of a run) never reach it: its first
 * call builds an ICU collator, milliseconds of a one-file cold start.
 */
function compareText(a: string, b: string): number {
  return a === b ? 0 : a.localeCompare(b);
}
