export type SkillRoute =
  | { kind: 'catalog' }
  | { kind: 'skill'; name: string }
  | { kind: 'download'; name: string }
  | { kind: 'contents'; name: string }
  | { kind: 'file'; name: string; segments: string[] };

export type MatchSkillRouteResult =
  | { ok: true; route: SkillRoute }
  | { ok: false; status: 400 | 404; message: string };

/**
 * Routes a raw request path (node:http does not normalise it). Each segment is percent-decoded
 * on its own, so an encoded `%2F` or `%5C` cannot smuggle a separator into a file name, and `.`
 * / `..` segments are refused before any file system access.
 */
export function matchSkillRoute(rawPath: string): MatchSkillRouteResult {
  const parts = rawPath.split('/');
  if (parts[0] !== '' || parts[1] !== 'skills') return notFound(rawPath);
  const raw = parts.slice(2);
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  const segments: string[] = [];
  for (const part of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return { ok: false, status: 400, message: `Malformed percent-encoding in "${part}".` };
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) {
      return {
        ok: false,
        status: 400,
        message: `Unsafe path segment "${part}": paths stay inside the skill folder.`,
      };
    }
    segments.push(decoded);
  }
  const [name, action, ...rest] = segments;
  if (name === undefined) return { ok: true, route: { kind: 'catalog' } };
  if (action === undefined) return { ok: true, route: { kind: 'skill', name } };
  if (action === 'download' && rest.length === 0) return { ok: true, route: { kind: 'download', name } };
  if (action === 'contents') {
    return rest.length === 0
      ? { ok: true, route: { kind: 'contents', name } }
      : { ok: true, route: { kind: 'file', name, segments: rest } };
  }
  return notFound(rawPath);
}

function notFound(path: string): MatchSkillRouteResult {
  return {
    ok: false,
    status: 404,
    message: `No route ${path}; the catalog serves /skills, /skills/{name}, /skills/{name}/download and /skills/{name}/contents[/{file}].`,
  };
}
