import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

export interface ResolveInputsOptions {
  /** Files, directories or glob patterns, as typed on the command line. */
  inputs: readonly string[];
  cwd: string;
}

export interface ResolvedInputs {
  /** Absolute paths, deduplicated, in argument order (each glob's matches sorted). */
  files: string[];
  /** One message per input that names no file; the command exits 2 when there is any. */
  problems: string[];
}

const CAPABILITY_FILES = ['*.yaml', '*.yml'];
// Vendored packages are never the user's capabilities, even under `**/*.yaml`.
const IGNORE = ['**/node_modules/**'];

/**
 * Turns command-line inputs into files. A path that exists is taken literally (so `a[1].yaml`
 * works); a directory contributes its own `*.yaml` and `*.yml` files (use a `**` glob to recurse);
 * anything else must be a glob that matches at least one file.
 */
export async function resolveInputs({ inputs, cwd }: ResolveInputsOptions): Promise<ResolvedInputs> {
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  const add = (paths: readonly string[]) => {
    for (const path of paths) {
      if (seen.has(path)) continue;
      seen.add(path);
      files.push(path);
    }
  };

  for (const input of inputs) {
    const absolute = resolve(cwd, input);
    const kind = await statKind(absolute);
    if (kind === 'file') {
      add([absolute]);
    } else if (kind === 'directory') {
      const { glob } = await loadGlobber();
      const matches = await glob(CAPABILITY_FILES, { cwd: absolute, absolute: true, ignore: IGNORE });
      if (matches.length === 0) problems.push(`No *.yaml or *.yml files in directory '${input}'.`);
      add(matches.sort());
    } else if (kind === 'other') {
      problems.push(`'${input}' is neither a file nor a directory.`);
    } else if ((await loadGlobber()).isDynamicPattern(input)) {
      const { glob } = await loadGlobber();
      const matches = await glob([input], { cwd, absolute: true, onlyFiles: true, ignore: IGNORE });
      if (matches.length === 0) problems.push(`No files match '${input}'.`);
      add(matches.sort());
    } else if (kind === 'missing') {
      problems.push(`No such file or directory: '${input}'.`);
    } else {
      problems.push(`Cannot access '${input}': ${kind.error}.`);
    }
  }
  return { files, problems };
}

// Loaded on first need: validating plain file paths (the common CI case) never pays for it.
let globber: Promise<typeof import('tinyglobby')> | undefined;
function loadGlobber(): Promise<typeof import('tinyglobby')> {
  globber ??= import('tinyglobby');
  return globber;
}

type StatKind = 'file' | 'directory' | 'other' | 'missing' | { error: string };

async function statKind(path: string): Promise<StatKind> {
  try {
    const stats = await stat(path);
    if (stats.isFile()) return 'file';
    if (stats.isDirectory()) return 'directory';
    return 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    return { error: describeErrno(error) };
  }
}

export function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'ELOOP') return 'too many symbolic links';
  return error instanceof Error ? error.message : String(error);
}
