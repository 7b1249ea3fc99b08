import { open, readFile } from 'node:fs/promises';
import { loadCapability } from '@naftiko/core';
import type { Diagnostic } from '../diagnostic.js';
import { checkStart } from './check-start.js';
import type { FileReport } from './file-report.js';
import { describeErrno } from './resolve-inputs.js';
import { toDisplayPath } from './to-display-path.js';

export interface ValidateFilesOptions {
  /** Absolute paths. */
  files: readonly string[];
  cwd: string;
  dialect: 'compatible' | 'official';
  strict: boolean;
}

export interface ValidateFilesResult {
  reports: FileReport[];
  /** Files that could not be opened; the command exits 2 when there is any. */
  problems: string[];
}

/**
 * Validates each file as `naftiko run` loads it (@naftiko/spec, then core's load-time checks),
 * then dry-runs the start of a valid one (every consumer and expose created, nothing listening),
 * and makes every path in the result cwd-relative.
 */
export async function validateFiles({
  files,
  cwd,
  dialect,
  strict,
}: ValidateFilesOptions): Promise<ValidateFilesResult> {
  const reports: FileReport[] = [];
  const problems: string[] = [];
  for (const path of files) {
    const file = toDisplayPath({ file: path, cwd });
    // Opening first tells an unreadable file (exit 2) from an invalid one (exit 1).
    const problem = await checkReadable(path);
    if (problem !== undefined) {
      problems.push(`Cannot read '${file}': ${problem}.`);
      continue;
    }
    const loaded = loadCapability(path, { kind: 'path', dialect, strict });
    // A standalone section file (no `capability:`) is a library: nothing of it starts on its own,
    // and the capability importing it binds its variables and starts its entries.
    const diagnostics =
      loaded.capability?.document.capability !== undefined
        ? [
            ...loaded.diagnostics,
            ...(await checkStart({
              capability: loaded.capability,
              file: path,
              source: await readFile(path, 'utf8').catch(() => undefined),
            })),
          ]
        : loaded.diagnostics;
    const version = loaded.capability?.version;
    reports.push({
      file,
      valid: !diagnostics.some((diagnostic) => diagnostic.severity === 'error'),
      diagnostics: diagnostics.map((diagnostic) => relocate(diagnostic, { path, file, cwd })),
      ...(version?.format === 'ikanos' ? { version: `${version.format} ${version.version}` } : {}),
    });
  }
  return { reports, problems };
}

async function checkReadable(path: string): Promise<string | undefined> {
  try {
    const handle = await open(path, 'r');
    await handle.close();
    return undefined;
  } catch (error) {
    return describeErrno(error);
  }
}

function relocate(
  diagnostic: Diagnostic,
  { path, file, cwd }: { path: string; file: string; cwd: string },
): Diagnostic {
  const located = diagnostic.file;
  if (located === undefined || located === '<input>' || located === path) return { ...diagnostic, file };
  return { ...diagnostic, file: toDisplayPath({ file: located, cwd }) };
}
