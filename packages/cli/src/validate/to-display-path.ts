import { isAbsolute, relative, sep } from 'node:path';

export interface ToDisplayPathOptions {
  /** An absolute path. */
  file: string;
  cwd: string;
}

/**
 * The path users see and CI annotations need: relative to the working directory (where GitHub
 * checks out the repository), absolute when the file lies outside it, always with `/`.
 */
export function toDisplayPath({ file, cwd }: ToDisplayPathOptions): string {
  const fromCwd = relative(cwd, file);
  const inside = fromCwd !== '' && !fromCwd.startsWith('..') && !isAbsolute(fromCwd);
  const shown = inside ? fromCwd : file;
  return sep === '/' ? shown : shown.split(sep).join('/');
}
