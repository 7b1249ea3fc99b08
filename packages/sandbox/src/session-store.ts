import { createId } from './create-id.js';
import type { JsonObject, PreviewFrame, Session, SessionEvent, SessionStatus } from './session-types.js';

/** One open SSE connection on a session. */
export interface StreamSubscriber {
  /** Event types whose `event_start`/`event_delta` previews this stream asked for (`event_deltas[]`). */
  readonly deltas: ReadonlySet<string>;
  send(frame: SessionEvent | PreviewFrame): void;
  /** Ends the HTTP response; the subscriber removes itself when the connection closes. */
  end(): void;
}

export interface StoredEvent {
  readonly seq: number;
  readonly createdMs: number;
  readonly event: SessionEvent;
}

/** Everything the sandbox keeps about one session. */
export interface SessionRecord {
  readonly seq: number;
  readonly createdMs: number;
  readonly session: Session;
  readonly events: StoredEvent[];
  readonly subscribers: Set<StreamSubscriber>;
  /** Sent events waiting for the worker, in order. */
  readonly queue: SessionEvent[];
  /** Aborts the worker draining `queue`; undefined while no worker runs. */
  worker: AbortController | undefined;
  /** When the session last became `running`, to accumulate `stats.active_seconds`. */
  runningSinceMs: number | undefined;
  activeMs: number;
}

export interface SessionStore {
  readonly sessions: Map<string, SessionRecord>;
  add(session: Session): SessionRecord;
  get(id: string): SessionRecord | undefined;
  /** Persists an event into the history and sends it to every open stream. */
  publish(record: SessionRecord, fields: JsonObject & { type: string; id?: string }): SessionEvent;
  /** Appends a client-sent event to the history as queued (`processed_at: null`), not yet streamed. */
  append(record: SessionRecord, fields: JsonObject & { type: string }): SessionEvent;
  /** Marks a queued event processed, moves it to the end of the history and streams its echo. */
  markProcessed(record: SessionRecord, event: SessionEvent): void;
  /** Sends a preview frame to the streams that opted into deltas for `forType`. */
  preview(record: SessionRecord, frame: PreviewFrame, forType: string): void;
  /** Moves the session to `status`, publishing the matching `session.status_*` event. */
  setStatus(record: SessionRecord, status: SessionStatus, fields?: JsonObject): SessionEvent;
  /** Stops the worker and drops queued events (they stay in the history, unprocessed). */
  cancelWork(record: SessionRecord): void;
  /** Removes the session: streams get `session.deleted` and are ended. */
  remove(record: SessionRecord): void;
  /** Refreshes `stats` so a read reflects the time spent so far. */
  snapshot(record: SessionRecord): Session;
  closeAll(): void;
}

const STATUS_EVENT: Readonly<Record<SessionStatus, string>> = {
  idle: 'session.status_idle',
  running: 'session.status_running',
  rescheduling: 'session.status_rescheduled',
  terminated: 'session.status_terminated',
};

/** In-memory state of all sessions. Sequence numbers give a total order for keyset pagination. */
export function createSessionStore(): SessionStore {
  const sessions = new Map<string, SessionRecord>();
  let sessionSeq = 0;
  let eventSeq = 0;

  const broadcast = (record: SessionRecord, event: SessionEvent): void => {
    for (const subscriber of record.subscribers) subscriber.send(event);
  };

  const store: SessionStore = {
    sessions,
    add(session) {
      const record: SessionRecord = {
        seq: ++sessionSeq,
        createdMs: Date.parse(session.created_at),
        session,
        events: [],
        subscribers: new Set(),
        queue: [],
        worker: undefined,
        runningSinceMs: undefined,
        activeMs: 0,
      };
      sessions.set(session.id, record);
      return record;
    },
    get(id) {
      return sessions.get(id);
    },
    publish(record, fields) {
      const { type, id, ...rest } = fields;
      const event: SessionEvent = {
        type,
        id: id ?? createId('sevt'),
        ...rest,
        processed_at: new Date().toISOString(),
      };
      record.events.push({ seq: ++eventSeq, createdMs: Date.now(), event });
      broadcast(record, event);
      return event;
    },
    append(record, fields) {
      const event: SessionEvent = { ...fields, id: createId('sevt'), processed_at: null };
      record.events.push({ seq: ++eventSeq, createdMs: Date.now(), event });
      return event;
    },
    markProcessed(record, event) {
      event.processed_at = new Date().toISOString();
      // History is ordered by processing: a queued event moves to the end when it is processed.
      const index = record.events.findIndex((stored) => stored.event === event);
      if (index !== -1) {
        const [stored] = record.events.splice(index, 1);
        record.events.push({ seq: ++eventSeq, createdMs: stored?.createdMs ?? Date.now(), event });
      }
      broadcast(record, event);
    },
    preview(record, frame, forType) {
      for (const subscriber of record.subscribers) {
        if (subscriber.deltas.has(forType)) subscriber.send(frame);
      }
    },
    setStatus(record, status, fields = {}) {
      const now = Date.now();
      if (
        record.session.status === 'running' &&
        status !== 'running' &&
        record.runningSinceMs !== undefined
      ) {
        record.activeMs += now - record.runningSinceMs;
        record.runningSinceMs = undefined;
      }
      if (status === 'running' && record.session.status !== 'running') record.runningSinceMs = now;
      record.session.status = status;
      record.session.updated_at = new Date(now).toISOString();
      return store.publish(record, { type: STATUS_EVENT[status], ...fields });
    },
    cancelWork(record) {
      record.worker?.abort();
      record.worker = undefined;
      record.queue.length = 0;
    },
    remove(record) {
      store.cancelWork(record);
      sessions.delete(record.session.id);
      const event: SessionEvent = {
        type: 'session.deleted',
        id: createId('sevt'),
        processed_at: new Date().toISOString(),
      };
      for (const subscriber of [...record.subscribers]) {
        subscriber.send(event);
        subscriber.end();
      }
      record.subscribers.clear();
    },
    snapshot(record) {
      const now = Date.now();
      const runningMs = record.runningSinceMs === undefined ? 0 : now - record.runningSinceMs;
      const activeSeconds = roundSeconds(record.activeMs + runningMs);
      record.session.stats = {
        active_seconds: activeSeconds,
        duration_seconds: roundSeconds(now - record.createdMs),
      };
      record.session.usage.active_seconds = activeSeconds;
      return record.session;
    },
    closeAll() {
      for (const record of sessions.values()) {
        store.cancelWork(record);
        for (const subscriber of [...record.subscribers]) subscriber.end();
        record.subscribers.clear();
      }
    },
  };
  return store;
}

function roundSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}
