import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * The local path of a `file:///` location an exposer serves from (skill folders, MCP resources
 * and prompts), with the convention of bind locations: `file:///./docs` and `file:///docs` are
 * relative to the capability's directory; an absolute path (`file:///srv/docs`) is used when
 * nothing of that name exists beside the capability. Undefined when the location is not a usable
 * file URI or names nothing that exists, so the caller reports it in its own terms.
 */
export function resolveFileLocation(location: string, baseDir: string): string | undefined {
  const match = /^file:\/\/(?:localhost)?(\/.*)$/i.exec(location);
  if (!match?.[1]) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const relative = path.replace(/^\/+/, '');
  if (relative === '') return undefined;
  const candidates = [resolve(baseDir, relative)];
  if (!relative.startsWith('./') && !relative.startsWith('../') && isAbsolute(path))
    candidates.push(resolve(path));
  return candidates.find((candidate) => existsSync(candidate));
}
