export type RouteName =
  | 'sessions.create'
  | 'sessions.list'
  | 'sessions.retrieve'
  | 'sessions.update'
  | 'sessions.delete'
  | 'sessions.archive'
  | 'events.send'
  | 'events.list'
  | 'events.stream';

export interface RouteMatch {
  name: RouteName;
  /** Percent-decoded `{session_id}`; '' for collection routes. */
  sessionId: string;
}

/**
 * Maps method + path onto an endpoint of the wire spec §2. The stream is served at both
 * `/events/stream` (the real API) and `/stream` (the seed capability's path).
 * Returns undefined for anything else, which the dispatcher answers with a 404.
 */
export function matchRoute(options: { method: string; pathname: string }): RouteMatch | undefined {
  const { method, pathname } = options;
  const segments = pathname.split('/');
  // ['', 'v1', 'sessions', id?, sub?, sub2?]
  if (segments[0] !== '' || segments[1] !== 'v1' || segments[2] !== 'sessions') return undefined;
  if (segments.length === 3) {
    if (method === 'POST') return { name: 'sessions.create', sessionId: '' };
    if (method === 'GET') return { name: 'sessions.list', sessionId: '' };
    return undefined;
  }
  const sessionId = decodeSegment(segments[3] ?? '');
  if (sessionId === undefined || sessionId === '') return undefined;
  const rest = segments.slice(4).join('/');
  switch (rest) {
    case '':
      if (segments.length !== 4) return undefined;
      if (method === 'GET') return { name: 'sessions.retrieve', sessionId };
      if (method === 'POST') return { name: 'sessions.update', sessionId };
      if (method === 'DELETE') return { name: 'sessions.delete', sessionId };
      return undefined;
    case 'archive':
      return method === 'POST' ? { name: 'sessions.archive', sessionId } : undefined;
    case 'events':
      if (method === 'POST') return { name: 'events.send', sessionId };
      if (method === 'GET') return { name: 'events.list', sessionId };
      return undefined;
    case 'events/stream':
    case 'stream':
      return method === 'GET' ? { name: 'events.stream', sessionId } : undefined;
    default:
      return undefined;
  }
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
