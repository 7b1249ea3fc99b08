import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
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
    try {
      const buffer = readFileSync(candidate);
      if (buffer.byteLength > MAX_BIND_FILE_BYTES) {
        throw unreadable(namespace, candidate, `it is larger than ${MAX_BIND_FILE_BYTES} bytes`);
      }
      text = buffer.toString('utf8');
      path = candidate;
      break;
    } catch (error) {
      if (error instanceof NaftikoError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        throw unreadable(namespace, candidate, (error as Error).message, error);
      }
    }
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
