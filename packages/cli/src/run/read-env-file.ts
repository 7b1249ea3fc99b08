import { readFile } from 'node:fs/promises';
import { UsageError } from '../usage-error.js';

/**
 * Reads a `.env` file: `KEY=value` lines, `#` comments, optional `export `, single- or
 * double-quoted values (double quotes understand `\n`). A malformed line is a usage error naming
 * its line number, never its content (it may hold a secret).
 */
export async function readEnvFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(code);
    throw new UsageError(`Cannot read --env-file '${path}': ${reason}.`, { command: 'run' });
  }
  return parseEnvFile(text, path);
}

export function parseEnvFile(text: string, path: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      throw new UsageError(`--env-file ${path}:${index + 1}: expected KEY=value.`, { command: 'run' });
    }
    const [, key, rest = ''] = match;
    values[key as string] = unquote(rest);
  });
  return values;
}

function unquote(value: string): string {
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2) {
    const end = value.lastIndexOf(quote);
    if (end > 0) {
      const inner = value.slice(1, end);
      return quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\"/g, '"') : inner;
    }
  }
  // Unquoted: a ` #` starts a comment.
  const comment = value.search(/\s#/);
  return (comment === -1 ? value : value.slice(0, comment)).trim();
}
