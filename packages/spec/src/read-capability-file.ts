import { formatBytes } from './format-bytes.js';
import { DEFAULT_MAX_BYTES } from './load-yaml.js';
import { readRegularFile } from './read-regular-file.js';

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
  const read = readRegularFile({ path, maxBytes });
  if (read.bytes) return { bytes: read.bytes };
  const { kind, reason, size = 0 } = read.problem;
  if (kind === 'too-large') {
    const over = `is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit`;
    return {
      problem: {
        code: 'file-too-large',
        message: `file ${over}; split the capability (shared consumes files can be imported) or raise maxBytes`,
        reason: over,
      },
    };
  }
  if (reason === 'is a directory') {
    return {
      problem: {
        code: 'file-unreadable',
        message: `\`${path}\` is a directory; pass a capability file`,
        reason,
      },
    };
  }
  const hint =
    reason === 'does not exist' ? '; check the path (relative paths start at the current directory)' : '';
  return { problem: { code: 'file-unreadable', message: `\`${path}\` ${reason}${hint}`, reason } };
}
