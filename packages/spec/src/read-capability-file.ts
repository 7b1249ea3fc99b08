import { readFileSync, statSync } from 'node:fs';
import { formatBytes } from './format-bytes.js';
import { DEFAULT_MAX_BYTES } from './load-yaml.js';

export interface ReadCapabilityFileOptions {
  path: string;
  maxBytes?: number;
}

export type ReadCapabilityFileResult =
  | { bytes: Uint8Array; problem?: undefined }
  | { bytes?: undefined; problem: ReadProblem };

export interface ReadProblem {
  code: 'file-unreadable' | 'file-too-large';
  /** A full sentence naming the path and the fix. */
  message: string;
  /** The bare reason ("does not exist", "is a directory"…), for callers that word their own message. */
  reason: string;
}

/**
 * Reads a capability file's bytes, checking its size before reading so a huge file is never
 * loaded into memory. I/O failures come back as a problem, not an exception.
 */
export function readCapabilityFile({
  path,
  maxBytes = DEFAULT_MAX_BYTES,
}: ReadCapabilityFileOptions): ReadCapabilityFileResult {
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) {
      return {
        problem: {
          code: 'file-unreadable',
          message: `\`${path}\` is a directory; pass a capability file`,
          reason: 'is a directory',
        },
      };
    }
    if (stats.size > maxBytes) {
      return {
        problem: {
          code: 'file-too-large',
          message: `file is ${formatBytes(stats.size)}, over the ${formatBytes(maxBytes)} limit; split the capability (shared consumes files can be imported) or raise maxBytes`,
          reason: `is ${formatBytes(stats.size)}, over the ${formatBytes(maxBytes)} limit`,
        },
      };
    }
    return { bytes: readFileSync(path) };
  } catch (error) {
    const reason = describeIoError(error);
    const hint =
      reason === 'does not exist' ? '; check the path (relative paths start at the current directory)' : '';
    return { problem: { code: 'file-unreadable', message: `\`${path}\` ${reason}${hint}`, reason } };
  }
}

function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ENOTDIR':
      return 'does not exist: a parent of it is a file, not a directory';
    default:
      return `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}
