import type { StreamEvent } from '@naftiko/core';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface CreateEventStreamOptions {
  /** The upstream body; `return()` on its iterator must release the connection (node Readables do). */
  source: AsyncIterable<Uint8Array>;
  /** Largest event (or unterminated line) accepted, in characters; a larger one fails the stream. */
  maxEventChars: number;
  /** Turns a read failure (abort, reset, oversized event) into the error the consumer throws. */
  mapError(error: unknown): Error;
  /** Called once when the stream ends for any reason: completed, failed or abandoned. */
  onClose?(): void;
  /** Applied to each event's data, name and id (held credentials an upstream echoes). */
  redact?(text: string): string;
}

/**
 * A pull-based async iterable of parsed SSE events. It reads from the upstream only when asked for
 * an event that is not already parsed, so a slow consumer holds the TCP window shut (backpressure)
 * instead of buffering the stream in memory. Breaking out of `for await` (or calling `return()`)
 * closes the upstream request, so the upstream sees the client leave.
 */
export function createEventStream(options: CreateEventStreamOptions): AsyncIterableIterator<StreamEvent> {
  const { source, maxEventChars, mapError, onClose, redact } = options;
  const queue: StreamEvent[] = [];
  let parseFailure: unknown;
  let retry: number | undefined;
  const parser = createParser({
    maxBufferSize: maxEventChars,
    // `retry:` arrives in the same block as the event it belongs to, before the dispatch.
    onRetry: (value) => {
      retry = value;
    },
    onEvent: (message: EventSourceMessage) => {
      if (redact !== undefined) {
        message.data = redact(message.data);
        if (message.event !== undefined) message.event = redact(message.event);
        if (message.id !== undefined) message.id = redact(message.id);
      }
      queue.push(toStreamEvent(message, retry));
      retry = undefined;
    },
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') {
        parseFailure = new Error(`an upstream event is larger than ${maxEventChars} characters`);
      }
    },
  });
  const decoder = new TextDecoder();
  const reader = source[Symbol.asyncIterator]();
  let finished = false;
  let pending: Promise<IteratorResult<StreamEvent>> = Promise.resolve({ done: true, value: undefined });

  const close = async () => {
    if (finished) return;
    finished = true;
    queue.length = 0;
    try {
      await reader.return?.();
    } finally {
      onClose?.();
    }
  };

  const pull = async (): Promise<IteratorResult<StreamEvent>> => {
    while (queue.length === 0) {
      if (finished) return { done: true, value: undefined };
      let chunk: IteratorResult<Uint8Array>;
      try {
        chunk = await reader.next();
      } catch (error) {
        await close().catch(() => {});
        throw mapError(error);
      }
      if (chunk.done) {
        // The SSE spec discards an event cut off by the end of the stream (no blank line after it).
        finished = true;
        onClose?.();
        break;
      }
      parser.feed(decoder.decode(chunk.value, { stream: true }));
      if (parseFailure !== undefined) {
        await close().catch(() => {});
        throw mapError(parseFailure);
      }
    }
    const event = queue.shift();
    return event === undefined ? { done: true, value: undefined } : { done: false, value: event };
  };

  const iterator: AsyncIterableIterator<StreamEvent> = {
    // Calls are chained so overlapping next() calls never read the source concurrently.
    next() {
      pending = pending.then(pull, pull);
      return pending;
    },
    async return() {
      await close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

function toStreamEvent(message: EventSourceMessage, retry: number | undefined): StreamEvent {
  const event: StreamEvent = { data: message.data };
  if (message.event !== undefined) event.event = message.event;
  if (message.id !== undefined) event.id = message.id;
  if (retry !== undefined) event.retry = retry;
  return event;
}
