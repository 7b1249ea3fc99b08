import type { StreamEvent } from '@naftiko/core';

/** Why collecting a stream stopped. */
export type StreamEnd =
  | 'end'
  | 'max-events'
  | 'max-bytes'
  | 'max-duration'
  | 'cancelled'
  | 'shutdown'
  | 'upstream-error';

export interface CollectStreamOptions {
  events: AsyncIterable<StreamEvent>;
  maxEvents: number;
  /** Most characters of event data kept; the event that would pass it ends collection (`max-bytes`). */
  maxBytes: number;
  maxDurationMs: number;
  /** The caller's cancellation (`notifications/cancelled`): stop and release the upstream. */
  signal?: AbortSignal;
  /** The server is shutting down: stop and return what was collected. */
  stop?: AbortSignal;
  /** Called for every kept event, in order (progress notifications). */
  onEvent?: (event: StreamEvent, count: number) => void | Promise<void>;
  /**
   * Called when collection stops before the stream ends: abort the upstream request here. A read
   * may be pending, and an iterator's `return()` waits for it, so only the abort frees it promptly.
   */
  abortUpstream?: () => void;
}

export interface CollectedStream {
  events: StreamEvent[];
  endedBy: StreamEnd;
  /** Why the upstream failed mid-stream, when `endedBy` is 'upstream-error'. */
  error?: string;
}

// `return()` on the upstream iterator closes the connection; never wait on it forever.
const RELEASE_TIMEOUT_MS = 1_000;

/**
 * Reads an upstream event stream until it ends, a limit is hit, the caller cancels or the server
 * stops, whichever comes first; the upstream connection is released in every case. Heartbeat
 * frames (`event: ping`) are neither kept nor counted.
 */
export async function collectStream(options: CollectStreamOptions): Promise<CollectedStream> {
  const { events, maxEvents, maxBytes, maxDurationMs, signal, stop, onEvent, abortUpstream } = options;
  const iterator = events[Symbol.asyncIterator]();
  const collected: StreamEvent[] = [];
  let endedBy: StreamEnd | undefined;
  let wake: ((reason: StreamEnd) => void) | undefined;
  const stopped = new Promise<StreamEnd>((resolve) => {
    wake = resolve;
  });
  const finish = (reason: StreamEnd) => {
    endedBy ??= reason;
    wake?.(reason);
  };
  const timer = setTimeout(() => finish('max-duration'), maxDurationMs);
  const onCancel = () => finish('cancelled');
  const onStop = () => finish('shutdown');
  if (signal?.aborted) finish('cancelled');
  if (stop?.aborted) finish('shutdown');
  signal?.addEventListener('abort', onCancel, { once: true });
  stop?.addEventListener('abort', onStop, { once: true });
  let failure: string | undefined;
  let bytes = 0;
  try {
    while (endedBy === undefined) {
      const pending = iterator.next();
      // When a stop wins the race, this read is abandoned: its rejection must not go unhandled.
      pending.catch(() => undefined);
      let next: IteratorResult<StreamEvent> | StreamEnd;
      try {
        next = await Promise.race([pending, stopped]);
      } catch (error) {
        // Nothing collected yet: the failure is the result. Otherwise keep what arrived.
        if (collected.length === 0) throw error;
        failure = error instanceof Error ? error.message : String(error);
        finish('upstream-error');
        break;
      }
      if (typeof next === 'string') break;
      if (next.done) {
        finish('end');
        break;
      }
      if (next.value.event === 'ping') continue;
      // Each event is capped by the consumer; this caps what one call holds in total.
      bytes += next.value.data.length;
      if (bytes > maxBytes) {
        finish('max-bytes');
        break;
      }
      collected.push(next.value);
      await onEvent?.(next.value, collected.length);
      if (collected.length >= maxEvents) finish('max-events');
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCancel);
    stop?.removeEventListener('abort', onStop);
    if (endedBy !== 'end' && endedBy !== 'upstream-error') {
      abortUpstream?.();
      await release(iterator);
    }
  }
  return {
    events: collected,
    endedBy: endedBy ?? 'end',
    ...(failure === undefined ? {} : { error: failure }),
  };
}

async function release(iterator: AsyncIterator<StreamEvent>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.resolve(iterator.return?.()).catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, RELEASE_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A one-line summary of an event for a progress notification: `agent.message: Hello ...`. */
export function summarizeEvent(event: StreamEvent, maxChars = 160): string {
  const name = event.event ?? 'message';
  const text = describeData(event.data).replace(/\s+/g, ' ').trim();
  const excerpt = text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
  return excerpt === '' ? name : `${name}: ${excerpt}`;
}

function describeData(data: string): string {
  try {
    const value = JSON.parse(data) as unknown;
    const texts = findTexts(value);
    if (texts.length > 0) return texts.join(' ');
  } catch {
    // not JSON: the raw data is the summary
  }
  return data;
}

/** Text blocks of an event (`content: [{ type: 'text', text }]`), the readable part of most events. */
function findTexts(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const content = (value as { content?: unknown }).content;
  if (!Array.isArray(content)) return [];
  return content
    .map((block) => (block as { text?: unknown } | null)?.text)
    .filter((text): text is string => typeof text === 'string');
}
