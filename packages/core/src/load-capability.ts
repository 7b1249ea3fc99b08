/**
 * Load a capability for running: the spec package validates it (YAML with positions, JSON
 * Schema, rules, imports), then core builds every action and template once to report, as
 * diagnostics, what would otherwise fail at start or on the first request. User input never
 * throws here: the result carries a capability only when there is no error diagnostic.
 */

import {
  type CapabilityDialect,
  DEFAULT_MAX_BYTES,
  type Diagnostic,
  loadYaml,
  readRegularFile,
  validateCapability,
} from '@naftiko/spec';
import { type Capability, createCapability } from './capability.js';
import { checkCapability } from './check-capability.js';

export interface LoadCapabilityOptions {
  /** How to read `pathOrSource`; default: text containing a line break is YAML, anything else a path. */
  kind?: 'path' | 'source';
  /** Names the source in diagnostics when `kind` is 'source'. */
  filename?: string;
  /** Default 'compatible' (the community dialect is accepted, with warnings). */
  dialect?: CapabilityDialect;
  /** Warnings become errors. */
  strict?: boolean;
  /** Refuse larger files; default 5 MiB. */
  maxBytes?: number;
  /** Directory for relative `file:///` locations when loading from source; default the cwd. */
  baseDir?: string;
}

export interface LoadCapabilityResult {
  /** Present only when there is no error diagnostic. */
  capability?: Capability;
  diagnostics: Diagnostic[];
}

export function loadCapability(
  pathOrSource: string,
  options: LoadCapabilityOptions = {},
): LoadCapabilityResult {
  const { dialect, strict, maxBytes, filename, baseDir } = options;
  const kind = options.kind ?? (/[\r\n]/.test(pathOrSource) ? 'source' : 'path');
  const result = validateCapability({
    ...(kind === 'path'
      ? { path: pathOrSource }
      : { source: pathOrSource, ...(filename ? { filename } : {}) }),
    ...(dialect ? { dialect } : {}),
    ...(strict === undefined ? {} : { strict }),
    ...(maxBytes === undefined ? {} : { maxBytes }),
  });
  if (!result.value) return { diagnostics: result.diagnostics };

  const loaded = result.value;
  const capability = createCapability({
    ...loaded,
    ...(baseDir !== undefined && kind === 'source' ? { baseDir } : {}),
    diagnostics: result.diagnostics,
  });
  const file = kind === 'path' ? pathOrSource : (filename ?? '<input>');
  const found = checkCapability({ capability, file });
  if (found.length === 0) return { capability, diagnostics: result.diagnostics };
  // Pointers into the normalised document go back to the node as written first.
  const written = loaded.sourcePointer
    ? found.map((diagnostic) => ({ ...diagnostic, pointer: loaded.sourcePointer!(diagnostic.pointer) }))
    : found;
  const placed = place(written, kind === 'path' ? readSource(pathOrSource) : pathOrSource);
  return { diagnostics: [...result.diagnostics, ...placed] };
}

function readSource(path: string): string | undefined {
  return readRegularFile({ path, maxBytes: DEFAULT_MAX_BYTES }).bytes?.toString('utf8');
}

/** Adds line/column to diagnostics that only have a pointer. */
function place(diagnostics: Diagnostic[], source: string | undefined): Diagnostic[] {
  if (source === undefined) return diagnostics;
  const { locate } = loadYaml({ source });
  return diagnostics.map((diagnostic) => {
    const range = locate(diagnostic.pointer);
    return range ? { ...diagnostic, ...range } : diagnostic;
  });
}
