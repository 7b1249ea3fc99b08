import { resolve } from 'node:path';
import { readRegularFile } from '@naftiko/spec';
import type { FileReport } from './file-report.js';

export interface ReadSourcesOptions {
  reports: readonly FileReport[];
  cwd: string;
  /** Larger files get no code frame (the validator already refused them). */
  maxBytes?: number;
}

/**
 * The text of every file a diagnostic points into (imported files included), by display path,
 * for code frames. A file that cannot be read is left out: its diagnostics print without a frame.
 */
export async function readSources({
  reports,
  cwd,
  maxBytes = 5 * 1024 * 1024,
}: ReadSourcesOptions): Promise<Map<string, string>> {
  const wanted = new Set<string>();
  for (const report of reports) {
    for (const diagnostic of report.diagnostics) {
      if (diagnostic.line !== undefined) wanted.add(diagnostic.file ?? report.file);
    }
  }
  const sources = new Map<string, string>();
  for (const file of wanted) {
    // A file that cannot be read (or is not a regular file) gets no frame; its diagnostics still print.
    const read = readRegularFile({ path: resolve(cwd, file), maxBytes });
    if (read.bytes) sources.set(file, read.bytes.toString('utf8'));
  }
  return sources;
}
