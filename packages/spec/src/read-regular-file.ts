import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export interface ReadRegularFileOptions {
  path: string;
  /** Largest file accepted, checked on the open file before any byte is read. */
  maxBytes: number;
}

export type ReadRegularFileResult =
  | { bytes: Buffer; problem?: undefined }
  | { bytes?: undefined; problem: RegularFileProblem };

export interface RegularFileProblem {
  /** `not-a-file`: a directory, FIFO, socket or device; `too-large`; `unreadable`: the OS said no. */
  kind: 'not-a-file' | 'too-large' | 'unreadable';
  /** The bare reason ("is a directory", "is 3 GB, over the 1 MB limit"), to word a message around. */
  reason: string;
  /** The file's size in bytes, for `too-large`. */
  size?: number;
  /** The system error code when there is one (ENOENT, EACCES, ELOOP ...). */
  code?: string;
  cause?: unknown;
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, holding the thread.
// O_NOCTTY: a terminal device is never adopted as the controlling terminal.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Reads a file that must be a regular file no larger than `maxBytes`. The file is opened first
 * (without blocking, so a FIFO cannot hang the caller), then its type and size are checked on
 * the open descriptor (no window for a swap between a stat and the read), then at most
 * `maxBytes + 1` bytes are read, so a file that grows meanwhile, or a device that reports size 0
 * (`/dev/zero`), can never be read past the cap. Symbolic-link loops fail the open (ELOOP).
 */
export function readRegularFile({ path, maxBytes }: ReadRegularFileOptions): ReadRegularFileResult {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return { problem: ioProblem(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      return { problem: { kind: 'not-a-file', reason: describeType(stats) } };
    }
    if (stats.size > maxBytes) {
      return {
        problem: {
          kind: 'too-large',
          reason: `is ${stats.size} bytes, over the ${maxBytes}-byte limit`,
          size: stats.size,
        },
      };
    }
    const buffer = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) {
      return {
        problem: {
          kind: 'too-large',
          reason: `grew over the ${maxBytes}-byte limit while read`,
          size: length,
        },
      };
    }
    return { bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { problem: ioProblem(error) };
  } finally {
    closeSync(fd);
  }
}

function describeType(stats: import('node:fs').Stats): string {
  if (stats.isDirectory()) return 'is a directory';
  if (stats.isFIFO()) return 'is a named pipe (FIFO), not a regular file';
  if (stats.isSocket()) return 'is a socket, not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device, not a regular file';
  return 'is not a regular file';
}

function ioProblem(error: unknown): RegularFileProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read: permission denied'
        : code === 'ENOTDIR'
          ? 'does not exist: a parent of it is a file, not a directory'
          : code === 'ELOOP'
            ? 'cannot be read: too many levels of symbolic links (a link loop)'
            : code === 'EISDIR'
              ? 'is a directory'
              : `cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  return { kind: 'unreadable', reason, ...(code === undefined ? {} : { code }), cause: error };
}
