import { constants } from 'node:fs';
import { open, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ReadResourceResult, Resource } from '@modelcontextprotocol/sdk/types.js';
import { guessMimeType, isTextMimeType } from './guess-mime-type.js';

export interface CreateStaticResourceOptions {
  /** Resolved path of the `location`: a file, or a folder whose files are served. */
  path: string;
  isDirectory: boolean;
  /** The resource's `uri`; files of a folder get `<uri>/<relative path>`. */
  uri: string;
  name: string;
  title: string;
  description: string;
  mimeType?: string;
  /** Largest file served, in bytes. */
  maxFileBytes: number;
  /** Most files listed from a folder (depth-first, sorted). */
  maxFiles: number;
}

export interface StaticResource {
  list(): Promise<Resource[]>;
  /** Undefined when `uri` is not one of this resource's files (or tries to leave the folder). */
  read(uri: string): Promise<ReadResourceResult | undefined>;
}

const MAX_DEPTH = 8;
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * A `location: file:///...` resource. Folder files are listed on demand and read by URI; a URI
 * whose path has `..`, `.` or empty segments, hidden entries, symbolic links or anything that
 * resolves outside the folder is refused (treated as not found), so a client can never read past
 * the folder it was given.
 */
export function createStaticResource(options: CreateStaticResourceOptions): StaticResource {
  const {
    path: root,
    isDirectory,
    uri,
    name,
    title,
    description,
    mimeType,
    maxFileBytes,
    maxFiles,
  } = options;
  const base = uri.replace(/\/+$/, '');
  let realRoot: string | undefined;
  const rootReal = async () => {
    realRoot ??= await realpath(root);
    return realRoot;
  };

  const entry = (file: string, fileUri: string, label: string): Resource => {
    const type = (isDirectory ? guessMimeType(file) : undefined) ?? mimeType ?? guessMimeType(file);
    return {
      uri: fileUri,
      name: label,
      title,
      description,
      ...(type === undefined ? {} : { mimeType: type }),
    };
  };

  const readFile = async (file: string, fileUri: string): Promise<ReadResourceResult | undefined> => {
    // Opened first without following a link or blocking on a FIFO; type and size are checked on
    // the open descriptor, and at most one byte past the cap is read (`/dev/zero` reports size 0).
    const handle = await open(file, OPEN_FLAGS).catch(() => undefined);
    if (handle === undefined) return undefined;
    try {
      const info = await handle.stat();
      if (!info.isFile() || info.size > maxFileBytes) return undefined;
      const buffer = Buffer.alloc(info.size + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > maxFileBytes) return undefined;
      const bytes = buffer.subarray(0, length);
      const type = (isDirectory ? guessMimeType(file) : undefined) ?? mimeType ?? guessMimeType(file);
      const resolvedType = type ?? 'application/octet-stream';
      return {
        contents: [
          isTextMimeType(resolvedType)
            ? { uri: fileUri, mimeType: resolvedType, text: bytes.toString('utf8') }
            : { uri: fileUri, mimeType: resolvedType, blob: bytes.toString('base64') },
        ],
      };
    } finally {
      await handle.close();
    }
  };

  return {
    list: async () => {
      if (!isDirectory) return [entry(root, uri, name)];
      const files: string[] = [];
      await walk(root, 0, files, maxFiles);
      return files.map((file) => {
        const parts = relative(root, file).split(sep);
        return entry(
          file,
          `${base}/${parts.map(encodeURIComponent).join('/')}`,
          `${name}/${parts.join('/')}`,
        );
      });
    },
    read: async (requested) => {
      if (!isDirectory) return requested === uri ? readFile(root, uri) : undefined;
      if (!requested.startsWith(`${base}/`)) return undefined;
      const segments = requested.slice(base.length + 1).split('/');
      const decoded: string[] = [];
      for (const segment of segments) {
        let part: string;
        try {
          part = decodeURIComponent(segment);
        } catch {
          return undefined;
        }
        if (!isSafeSegment(part)) return undefined;
        decoded.push(part);
      }
      const file = join(root, ...decoded);
      // Resolve symbolic links anywhere on the path: the real file must still be inside the root.
      const real = await realpath(file).catch(() => undefined);
      const top = await rootReal();
      if (real === undefined || real !== file.replace(root, top) || !real.startsWith(`${top}${sep}`)) {
        return undefined;
      }
      return readFile(real, requested);
    },
  };
}

function isSafeSegment(part: string): boolean {
  return (
    part !== '' &&
    part !== '.' &&
    part !== '..' &&
    !part.startsWith('.') &&
    !part.includes('/') &&
    !part.includes('\\') &&
    !part.includes('\0')
  );
}

async function walk(dir: string, depth: number, out: string[], max: number): Promise<void> {
  if (depth > MAX_DEPTH || out.length >= max) return;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const item of entries) {
    if (out.length >= max) return;
    // Hidden entries and symbolic links are never served.
    if (item.name.startsWith('.') || item.isSymbolicLink()) continue;
    const full = join(dir, item.name);
    if (item.isDirectory()) await walk(full, depth + 1, out, max);
    else if (item.isFile()) out.push(full);
  }
}
