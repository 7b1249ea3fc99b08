import { invalidRequest } from './api-error.js';
import { buildSession } from './build-session.js';
import { type HandlerContext, requireSession } from './handler-context.js';
import { paginate, parsePageRequest } from './paginate.js';
import { isInTimeRange, parseSessionListFilters } from './parse-list-filters.js';
import type { SessionRecord } from './session-store.js';
import type { Session } from './session-types.js';
import { checkMetadataSize } from './validate-fields.js';
import { validateSessionCreate } from './validate-session-create.js';
import { validateSessionUpdate } from './validate-session-update.js';

/** Page size of `GET /v1/sessions`: 20 by default, at most 100. */
export const SESSIONS_PAGE = { defaultLimit: 20, maxLimit: 100 } as const;

/** POST /v1/sessions. With `initial_events` the session starts working at once (status `running`). */
export function createSessionHandler(context: HandlerContext): Session {
  const input = validateSessionCreate(context.body);
  const record = context.store.add(buildSession({ input, now: new Date().toISOString() }));
  if (input.initialEvents.length > 0) {
    const events = input.initialEvents.map((event) => context.store.append(record, event));
    // A kicked-off session answers `running` already: the first turn is queued and will run.
    if (events.some((event) => event.type === 'user.message')) {
      record.session.status = 'running';
      record.runningSinceMs = Date.now();
    }
    context.worker.enqueue(record, events);
  }
  return context.store.snapshot(record);
}

/** GET /v1/sessions: newest first by default, with `next_page`/`prev_page` cursors. */
export function listSessionsHandler(context: HandlerContext): {
  data: Session[];
  next_page: string | null;
  prev_page: string | null;
} {
  const page = parsePageRequest({
    query: context.query,
    scope: 'sessions',
    defaultOrder: 'desc',
    ...SESSIONS_PAGE,
  });
  const filters = parseSessionListFilters(context.query);
  const matches: SessionRecord[] = [];
  for (const record of context.store.sessions.values()) {
    const { session } = record;
    if (!filters.includeArchived && session.archived_at !== null) continue;
    if (filters.agentId !== undefined && session.agent.id !== filters.agentId) continue;
    if (filters.agentVersion !== undefined && session.agent.version !== filters.agentVersion) continue;
    if (filters.statuses !== undefined && !filters.statuses.has(session.status)) continue;
    if (!isInTimeRange(record.createdMs, filters.createdAt)) continue;
    if (filters.deploymentId !== undefined && session.deployment_id !== filters.deploymentId) continue;
    if (
      filters.memoryStoreId !== undefined &&
      !session.resources.some((resource) => resource.memory_store_id === filters.memoryStoreId)
    ) {
      continue;
    }
    matches.push(record);
  }
  // Map iteration is insertion order, which is ascending `seq`, as `paginate` requires.
  const result = paginate({
    items: matches,
    seqOf: (record) => record.seq,
    request: page,
    scope: 'sessions',
  });
  return {
    data: result.data.map((record) => context.store.snapshot(record)),
    next_page: result.nextPage,
    prev_page: result.prevPage,
  };
}

/** GET /v1/sessions/{id}. */
export function retrieveSessionHandler(context: HandlerContext): Session {
  return context.store.snapshot(requireSession(context));
}

/** POST /v1/sessions/{id}: metadata is a patch (null deletes a key), agent arrays are replaced. */
export function updateSessionHandler(context: HandlerContext): Session {
  const record = requireSession(context);
  const update = validateSessionUpdate(context.body);
  const { session } = record;
  if (session.archived_at !== null) {
    throw invalidRequest(`session ${session.id} is archived and read-only; create a new session instead`);
  }
  if (update.agent !== undefined && session.status === 'running') {
    throw invalidRequest(
      'agent: cannot update the agent while the session is running; wait for it to be idle',
    );
  }
  let metadata = session.metadata;
  if (update.metadata !== undefined) {
    metadata = { ...session.metadata };
    for (const [key, value] of Object.entries(update.metadata)) {
      if (value === null) delete metadata[key];
      else metadata[key] = value;
    }
    checkMetadataSize(metadata, 'metadata');
  }

  const changed: Record<string, unknown> = {};
  if (update.title !== undefined && update.title !== session.title) {
    session.title = update.title;
    changed.title = update.title;
  }
  if (update.metadata !== undefined && JSON.stringify(metadata) !== JSON.stringify(session.metadata)) {
    session.metadata = metadata;
    changed.metadata = metadata;
  }
  if (update.agent !== undefined) {
    if (update.agent.tools !== undefined) session.agent.tools = update.agent.tools;
    if (update.agent.mcp_servers !== undefined) session.agent.mcp_servers = update.agent.mcp_servers;
    changed.agent = session.agent;
  }
  if (update.budget !== undefined && JSON.stringify(update.budget) !== JSON.stringify(session.budget)) {
    session.budget = update.budget;
    changed.budget = update.budget;
  }
  if (Object.keys(changed).length > 0) {
    session.updated_at = new Date().toISOString();
    context.store.publish(record, { type: 'session.updated', ...changed });
  }
  return context.store.snapshot(record);
}

/** DELETE /v1/sessions/{id}: open streams get `session.deleted` and end. */
export function deleteSessionHandler(context: HandlerContext): { id: string; type: 'session_deleted' } {
  const record = requireSession(context);
  if (record.session.status === 'running') {
    throw invalidRequest(
      `cannot delete session ${record.session.id} while it is running; send a user.interrupt event and wait for idle`,
    );
  }
  context.store.remove(record);
  return { id: record.session.id, type: 'session_deleted' };
}

/** POST /v1/sessions/{id}/archive: the session becomes `terminated` and read-only. Repeating it is a no-op. */
export function archiveSessionHandler(context: HandlerContext): Session {
  const record = requireSession(context);
  const { session } = record;
  if (session.archived_at !== null) return context.store.snapshot(record);
  if (session.status === 'running') {
    throw invalidRequest(
      `cannot archive session ${session.id} while it is running; send a user.interrupt event and wait for idle`,
    );
  }
  context.store.cancelWork(record);
  session.archived_at = new Date().toISOString();
  context.store.setStatus(record, 'terminated');
  return context.store.snapshot(record);
}
