import { isAbsolute, resolve } from 'node:path';

export type BindLocation =
  | { kind: 'environment' }
  | { kind: 'file'; candidates: string[] }
  | { kind: 'unsupported'; scheme: string }
  | { kind: 'invalid' };

export const SUPPORTED_BIND_LOCATIONS = 'file:/// (a JSON or YAML file) or no location (the environment)';

/**
 * Where a bind's values come from. `file:///./x.json` and `file:///x.json` are relative to the
 * capability's directory; an absolute path (`file:///run/secrets/x.json`) is used when no such
 * file exists relative to it - so candidates are tried in order.
 */
export function parseBindLocation(location: string | undefined, baseDir: string): BindLocation {
  if (location === undefined || location === '') return { kind: 'environment' };
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(location)?.[1];
  if (scheme === undefined) return { kind: 'invalid' };
  if (scheme.toLowerCase() !== 'file') return { kind: 'unsupported', scheme: scheme.toLowerCase() };
  let rest = location.slice(scheme.length + 3);
  // `file://localhost/x` names the local host: same as `file:///x`.
  if (rest.startsWith('localhost/')) rest = rest.slice('localhost'.length);
  let path: string;
  try {
    path = decodeURIComponent(rest);
  } catch {
    return { kind: 'invalid' };
  }
  if (path === '' || path === '/') return { kind: 'invalid' };
  const relative = path.replace(/^\/+/, '');
  if (relative.startsWith('./') || relative.startsWith('../')) {
    return { kind: 'file', candidates: [resolve(baseDir, relative)] };
  }
  const candidates = [resolve(baseDir, relative)];
  if (isAbsolute(path)) candidates.push(resolve(path));
  return { kind: 'file', candidates };
}
