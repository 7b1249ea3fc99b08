import type { StreamEvent } from '@naftiko/core';
import { describe, expect, it } from 'vitest';
import { collectStream, summarizeEvent } from './collect-stream.js';

/** A stream that yields `events`, then waits (like a live upstream) until returned. */
function liveStream(events: StreamEvent[], options: { failAfter?: boolean } = {}) {
  const state = { returned: false };
  let release: (() => void) | undefined;
  const iterable: AsyncIterable<StreamEvent> = {
    [Symbol.asyncIterator]: () => {
      let index = 0;
      return {
        next: async () => {
          if (index < events.length) return { done: false, value: events[index++] as StreamEvent };
          if (options.failAfter) throw new Error('connection reset');
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          return { done: true, value: undefined };
        },
        return: async () => {
          state.returned = true;
          release?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { iterable, state };
}

const event = (type: string, text?: string): StreamEvent => ({
  event: type,
  data: JSON.stringify({ type, ...(text === undefined ? {} : { content: [{ type: 'text', text }] }) }),
});

describe('collectStream', () => {
  it('collects until the stream ends, skipping heartbeats', async () => {
    const events: AsyncIterable<StreamEvent> = (async function* () {
      yield event('a');
      yield { event: 'ping', data: '{}' };
      yield event('b');
    })();
    const seen: number[] = [];
    const collected = await collectStream({
      events,
      maxEvents: 10,
      maxBytes: 1_000_000,
      maxDurationMs: 1_000,
      onEvent: (_event, count) => {
        seen.push(count);
      },
    });
    expect(collected).toEqual({ events: [event('a'), event('b')], endedBy: 'end' });
    expect(seen).toEqual([1, 2]);
  });

  it('stops at the event limit and releases the upstream', async () => {
    const { iterable, state } = liveStream([event('a'), event('b'), event('c')]);
    let aborted = false;
    const collected = await collectStream({
      events: iterable,
      maxEvents: 2,
      maxBytes: 1_000_000,
      maxDurationMs: 1_000,
      abortUpstream: () => {
        aborted = true;
      },
    });
    expect(collected.endedBy).toBe('max-events');
    expect(collected.events).toHaveLength(2);
    expect(aborted).toBe(true);
    expect(state.returned).toBe(true);
  });

  it('stops at the duration limit while a read is pending', async () => {
    const { iterable, state } = liveStream([event('a')]);
    const collected = await collectStream({
      events: iterable,
      maxEvents: 10,
      maxBytes: 1_000_000,
      maxDurationMs: 50,
    });
    expect(collected).toEqual({ events: [event('a')], endedBy: 'max-duration' });
    expect(state.returned).toBe(true);
  });

  it('stops on cancel and on shutdown', async () => {
    const cancel = new AbortController();
    const first = liveStream([event('a')]);
    const cancelled = collectStream({
      events: first.iterable,
      maxEvents: 10,
      maxBytes: 1_000_000,
      maxDurationMs: 5_000,
      signal: cancel.signal,
    });
    setTimeout(() => cancel.abort(), 20);
    expect((await cancelled).endedBy).toBe('cancelled');

    const stop = new AbortController();
    stop.abort();
    const second = liveStream([event('a')]);
    const stopped = await collectStream({
      events: second.iterable,
      maxEvents: 10,
      maxBytes: 1_000_000,
      maxDurationMs: 5_000,
      stop: stop.signal,
    });
    expect(stopped).toEqual({ events: [], endedBy: 'shutdown' });
  });

  it('keeps the events collected before an upstream failure, and rethrows a failure before any event', async () => {
    const partial = await collectStream({
      events: liveStream([event('a')], { failAfter: true }).iterable,
      maxEvents: 10,
      maxBytes: 1_000_000,
      maxDurationMs: 1_000,
    });
    expect(partial).toEqual({ events: [event('a')], endedBy: 'upstream-error', error: 'connection reset' });
    await expect(
      collectStream({
        events: liveStream([], { failAfter: true }).iterable,
        maxEvents: 10,
        maxBytes: 1_000_000,
        maxDurationMs: 1_000,
      }),
    ).rejects.toThrow('connection reset');
  });
});

describe('summarizeEvent', () => {
  it('names the event and quotes its text, shortened', () => {
    expect(summarizeEvent(event('agent.message', 'Hello   there\nfriend'))).toBe(
      'agent.message: Hello there friend',
    );
    expect(summarizeEvent(event('session.status_idle'))).toBe(
      'session.status_idle: {"type":"session.status_idle"}',
    );
    expect(summarizeEvent({ data: 'plain text' })).toBe('message: plain text');
    expect(summarizeEvent({ event: 'x', data: 'y'.repeat(500) }, 10)).toBe('x: yyyyyyyyy…');
    expect(summarizeEvent({ event: 'empty', data: '' })).toBe('empty');
  });
});
