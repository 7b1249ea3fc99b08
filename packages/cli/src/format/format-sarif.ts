import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Severity } from '../diagnostic.js';
import type { FileReport } from '../validate/file-report.js';

export interface FormatSarifOptions {
  reports: readonly FileReport[];
  /** Relative file paths are relative to this directory (the repository root in CI). */
  cwd: string;
  toolVersion: string;
  /** A one-line description per diagnostic code, shown by code scanning for the rule. */
  describeRule?: (code: string) => string | undefined;
}

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const LEVEL_BY_SEVERITY: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/**
 * A SARIF 2.1.0 log with one run, for GitHub code scanning and other SARIF viewers. Rules are the
 * diagnostic codes that occur; locations are relative to `%SRCROOT%` (the cwd) when possible.
 */
export function formatSarif({
  reports,
  cwd,
  toolVersion,
  describeRule = () => undefined,
}: FormatSarifOptions): string {
  const ruleIndex = new Map<string, number>();
  const rules: SarifRule[] = [];
  const results: SarifResult[] = [];
  for (const report of reports) {
    for (const diagnostic of report.diagnostics) {
      let index = ruleIndex.get(diagnostic.code);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(diagnostic.code, index);
        rules.push(createRule(diagnostic.code, describeRule(diagnostic.code)));
      }
      results.push(createResult(diagnostic, diagnostic.file ?? report.file, index));
    }
  }
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'naftiko',
            version: toolVersion,
            semanticVersion: toolVersion,
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
        // YAML positions count UTF-16 code units, as JavaScript strings do.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

interface SarifRule {
  id: string;
  shortDescription?: { text: string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region?: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number };
    };
    logicalLocations?: { fullyQualifiedName: string; kind: string }[];
  }[];
}

// No defaultConfiguration: a code's level depends on --strict, so each result states its own.
function createRule(code: string, description: string | undefined): SarifRule {
  return { id: code, ...(description === undefined ? {} : { shortDescription: { text: description } }) };
}

function createResult(diagnostic: Diagnostic, file: string, ruleIndex: number): SarifResult {
  const artifactLocation = isAbsolute(file)
    ? { uri: pathToFileURL(file).href }
    : { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  const region = createRegion(diagnostic);
  return {
    ruleId: diagnostic.code,
    ruleIndex,
    level: LEVEL_BY_SEVERITY[diagnostic.severity],
    message: { text: diagnostic.message },
    locations: [
      {
        physicalLocation: { artifactLocation, ...(region === undefined ? {} : { region }) },
        // The JSON pointer says where in the document model, independent of formatting.
        ...(diagnostic.pointer === ''
          ? {}
          : { logicalLocations: [{ fullyQualifiedName: diagnostic.pointer, kind: 'member' }] }),
      },
    ],
  };
}

function createRegion(diagnostic: Diagnostic) {
  if (diagnostic.line === undefined || diagnostic.line < 1) return undefined;
  return {
    startLine: diagnostic.line,
    ...(diagnostic.column === undefined ? {} : { startColumn: diagnostic.column }),
    ...(diagnostic.endLine === undefined ? {} : { endLine: diagnostic.endLine }),
    ...(diagnostic.endColumn === undefined ? {} : { endColumn: diagnostic.endColumn }),
  };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  // SARIF requires a base URI to end with a slash.
  return href.endsWith('/') ? href : `${href}/`;
}
