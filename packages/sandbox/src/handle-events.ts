import type { ServerResponse } from 'node:http';
import { invalidRequest } from './api-error.js';
import { type HandlerContext, requireSession } from './handler-context.js';
import { openEventStream } from './open-event-stream.js';
import { paginate, parsePageRequest } from './paginate.js';
import { isInTimeRange, parseTimeRange } from './parse-list-filters.js';
import { getQueryArray } from './parse-query.js';
import type { SessionEvent } from './session-types.js';
import { validateEventParam } from './validate-event-params.js';
import { expectArray, expectObject, rejectUnknownFields } from './validate-fields.js';

/**
 * Page size of `GET /v1/sessions/{id}/events`: 100 by default, at most 1000 (the SDK's
 * `SessionToolRunner` asks for 1000 when it consolidates history after a reconnect).
 */
export const EVENTS_PAGE = { defaultLimit: 100, maxLimit: 1000 } as const;

const MAX_EVENTS_PER_SEND = 100;
const DELTA_TYPES = ['agent.message', 'agent.thinking'];

/**
 * POST /v1/sessions/{id}/events. Answers with the events echoed with server ids and
 * `processed_at: null`; the worker then processes them in order (a `user.interrupt` jumps the queue).
 */
export function sendEventsHandler(context: HandlerContext): { data: SessionEvent[] } {
  const record = requireSession(context);
  const body = expectObject(context.body, 'body');
  rejectUnknownFields(body, ['events'], '');
  if (body.events === undefined) throw invalidRequest('events: Field required');
  const params = expectArray(body.events, 'events');
  if (params.length === 0) throw invalidRequest('events: must contain at least one event');
  if (params.length > MAX_EVENTS_PER_SEND) {
    throw invalidRequest(`events: at most ${MAX_EVENTS_PER_SEND} events per request`);
  }
  const validated = params.map((value, index) => validateEventParam({ value, path: `events[${index}]` }));
  if (record.session.archived_at !== null || record.session.status === 'terminated') {
    throw invalidRequest(
      `session ${record.session.id} is ${record.session.archived_at === null ? 'terminated' : 'archived'}; ` +
        'events can no longer be sent to it, create a new session',
    );
  }
  const events = validated.map((event) => context.store.append(record, event));
  // The response shows each event as it was queued; copies keep later processing out of it.
  const response = events.map((event) => ({ ...event }));
  const queued: SessionEvent[] = [];
  for (const event of events) {
    if (event.type === 'user.interrupt') {
      context.worker.interrupt(record, event);
      queued.length = 0;
    } else {
      queued.push(event);
    }
  }
  if (queued.length > 0) context.worker.enqueue(record, queued);
  return { data: response };
}

/** GET /v1/sessions/{id}/events: the persisted history, oldest first by default. */
export function listEventsHandler(context: HandlerContext): {
  data: SessionEvent[];
  next_page: string | null;
} {
  const record = requireSession(context);
  const scope = `events:${record.session.id}`;
  const page = parsePageRequest({ query: context.query, scope, defaultOrder: 'asc', ...EVENTS_PAGE });
  const types = new Set(getQueryArray(context.query, 'types'));
  const createdAt = parseTimeRange(context.query, 'created_at');
  const matches = record.events.filter(
    (stored) =>
      (types.size === 0 || types.has(stored.event.type)) && isInTimeRange(stored.createdMs, createdAt),
  );
  const result = paginate({ items: matches, seqOf: (stored) => stored.seq, request: page, scope });
  return { data: result.data.map((stored) => stored.event), next_page: result.nextPage };
}

/** GET /v1/sessions/{id}/events/stream (and the seed's /stream): live SSE, no replay. */
export function streamEventsHandler(
  context: HandlerContext & {
    response: ServerResponse;
    heartbeatMs: number;
    requestId: string;
    openStreams: Set<ServerResponse>;
  },
): void {
  const record = requireSession(context);
  const deltas = getQueryArray(context.query, 'event_deltas');
  for (const type of deltas) {
    if (!DELTA_TYPES.includes(type)) {
      throw invalidRequest(
        `event_deltas[]: expected ${DELTA_TYPES.join(' or ')}, got ${JSON.stringify(type.slice(0, 64))}`,
      );
    }
  }
  openEventStream({
    response: context.response,
    record,
    deltas: new Set(deltas),
    heartbeatMs: context.heartbeatMs,
    requestId: context.requestId,
    openStreams: context.openStreams,
  });
}
