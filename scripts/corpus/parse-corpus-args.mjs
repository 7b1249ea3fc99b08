import { resolve } from 'node:path';

export const DEFAULT_SAMPLE = 60;

/**
 * `pnpm corpus [folders...] [--sample N] [--json] [--migrate]`. Folders are relative to `cwd` (the repository
 * root under pnpm); with none, the shared corpus beside the checkout (`<root>/../shared/corpus`).
 * Returns `{ folders, sample, json, migrate }` or throws with a usage line.
 */
export function parseCorpusArgs({ argv, cwd, root = cwd }) {
  const folders = [];
  let sample = DEFAULT_SAMPLE;
  let json = false;
  let migrate = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--migrate') migrate = true;
    else if (arg === '--sample' || arg.startsWith('--sample=')) {
      const text = arg === '--sample' ? argv[++i] : arg.slice('--sample='.length);
      const value = Number(text);
      if (!Number.isInteger(value) || value < 0)
        throw new Error(`--sample needs a whole number, got '${text}'`);
      sample = value;
    } else if (arg === '-h' || arg === '--help') {
      return { help: true, folders, sample, json, migrate };
    } else if (arg.startsWith('-')) throw new Error(`unknown option '${arg}'`);
    else folders.push(resolve(cwd, arg));
  }
  if (folders.length === 0) folders.push(resolve(root, '../shared/corpus'));
  return { help: false, folders, sample, json, migrate };
}

export const USAGE = `Usage: pnpm corpus [folders...] [--sample N] [--json] [--migrate]

Validates every *.yaml/*.yml under the folders (default ../shared/corpus), starts a fixed sample of
N accepted files (default ${DEFAULT_SAMPLE}) against a recording local upstream, calls every MCP tool
once and one REST GET per file, and prints the figures beside the issue's aims.
  --sample N  how many accepted files to start (0: validate only)
  --json      print the machine-readable summary instead of the text report
  --migrate   also migrate every accepted capability to the other format and back (a few minutes)
`;
