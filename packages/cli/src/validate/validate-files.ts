import { open } from 'node:fs/promises';
import { validateCapability } from '@naftiko/spec';
import type { Diagnostic } from '../diagnostic.js';
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

/** Validates each file with @naftiko/spec and makes every path in the result cwd-relative. */
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
    const { diagnostics } = validateCapability({ path, dialect, strict });
    reports.push({
      file,
      valid: !diagnostics.some((diagnostic) => diagnostic.severity === 'error'),
      diagnostics: diagnostics.map((diagnostic) => relocate(diagnostic, { path, file, cwd })),
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
