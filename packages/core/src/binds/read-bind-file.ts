import { extname } from 'node:path';
import { readRegularFile } from '@naftiko/spec';
import { parse as parseYaml } from 'yaml';
import { NaftikoError } from '../errors.js';

const MAX_BIND_FILE_BYTES = 1024 * 1024;

export interface ReadBindFileOptions {
  namespace: string;
  candidates: string[];
}

export interface BindFile {
  path: string;
  values: Record<string, unknown>;
}

/** Reads the first existing candidate as JSON (`.json` or `{` first) or YAML; it must be a mapping. */
export function readBindFile({ namespace, candidates }: ReadBindFileOptions): BindFile {
  let text: string | undefined;
  let path = candidates[0] ?? '';
  for (const candidate of candidates) {
    // Regular files only, size checked before reading: `file:///dev/zero` grew to 3 GB, a FIFO
    // would block the start for ever.
    const read = readRegularFile({ path: candidate, maxBytes: MAX_BIND_FILE_BYTES });
    if (read.bytes) {
      text = read.bytes.toString('utf8');
      path = candidate;
      break;
    }
    const { kind, reason, code, cause } = read.problem;
    if (kind === 'unreadable' && (code === 'ENOENT' || code === 'ENOTDIR')) continue;
    throw unreadable(namespace, candidate, `it ${reason}`, cause);
  }
  if (text === undefined) {
    throw unreadable(namespace, path, `no such file (tried ${candidates.join(', ')})`);
  }
  let parsed: unknown;
  try {
    const extension = extname(path).toLowerCase();
    const looksJson =
      extension === '.json' || (extension !== '.yaml' && extension !== '.yml' && /^\s*\{/.test(text));
    parsed = looksJson ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    // The parser's message may quote file content (secrets): keep only its first line's kind.
    throw unreadable(namespace, path, 'it is not valid JSON or YAML', error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw unreadable(namespace, path, 'it must contain a mapping of keys to values');
  }
  return { path, values: parsed as Record<string, unknown> };
}

function unreadable(namespace: string, path: string, reason: string, cause?: unknown): NaftikoError {
  return new NaftikoError('BIND_FILE_UNREADABLE', `Bind "${namespace}": cannot read ${path}: ${reason}.`, {
    ...(cause === undefined ? {} : { cause }),
    data: { namespace, path },
  });
}
