import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * The local folder of a skill `location`, with the convention of bind and MCP resource
 * locations: `file:///./skills/x` and `file:///skills/x` are relative to the capability's
 * directory; an absolute path (`file:///srv/skills/x`) is used when nothing of that name exists
 * beside the capability. Undefined when the URI is unusable or names nothing that exists.
 */
export function resolveSkillLocation(location: string, baseDir: string): string | undefined {
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
