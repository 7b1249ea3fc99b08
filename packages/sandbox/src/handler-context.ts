import { notFound } from './api-error.js';
import type { QueryMultiMap } from './parse-query.js';
import type { SessionRecord, SessionStore } from './session-store.js';
import type { SessionWorker } from './session-worker.js';

/** What a JSON endpoint handler gets: the parsed request and the sandbox state. */
export interface HandlerContext {
  store: SessionStore;
  worker: SessionWorker;
  sessionId: string;
  query: QueryMultiMap;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
}

/** The session named in the path, or the 404 the real API answers for an unknown id. */
export function requireSession(context: Pick<HandlerContext, 'store' | 'sessionId'>): SessionRecord {
  const record = context.store.get(context.sessionId);
  if (record === undefined) {
    throw notFound(`session ${JSON.stringify(context.sessionId.slice(0, 128))} not found`);
  }
  return record;
}
