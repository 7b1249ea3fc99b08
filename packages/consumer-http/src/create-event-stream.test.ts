import type { StreamEvent } from '@naftiko/core';
import { describe, expect, test } from 'vitest';
import { createEventStream } from './create-event-stream.js';

const encoder = new TextEncoder();

function source(chunks: (string | Uint8Array)[], log: string[] = []): AsyncIterable<Uint8Array> {
  return (async function* () {
    try {
      for (const [index, chunk] of chunks.entries()) {
        log.push(`read ${index}`);
        yield typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      }
    } finally {
      log.push('closed');
    }
  })();
}

const mapError = (error: unknown) => new Error(`mapped: ${(error as Error).message}`);

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('createEventStream', () => {
  test('parses events split across chunks, including a multi-byte character cut in half; a cut-off last event is dropped as the SSE spec says', async () => {
    const euro = encoder.encode('€');
    const events = createEventStream({
      source: source([
        'event: agent.message\nid: 1\nda',
        'ta: {"text":"hi',
        euro.slice(0, 1),
        euro.slice(1),
        '"}\n\n: keep-alive comment\n\ndata: a\ndata: b\n\n',
        'data: cut off by the end of the stream',
      ]),
      maxEventChars: 1024,
      mapError,
    });
    expect(await collect(events)).toEqual([
      { event: 'agent.message', id: '1', data: '{"text":"hi€"}' },
      { data: 'a\nb' },
    ]);
  });

  test('pulls from the source only when an event is asked for', async () => {
    const log: string[] = [];
    const events = createEventStream({
      source: source(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n'], log),
      maxEventChars: 1024,
      mapError,
    });
    expect(log).toEqual([]);
    expect(await events.next()).toEqual({ done: false, value: { data: '1' } });
    expect(log).toEqual(['read 0']);
    expect(await events.next()).toEqual({ done: false, value: { data: '2' } });
    expect(log).toEqual(['read 0', 'read 1']);
  });

  test('return() closes the source and reports the close once', async () => {
    const log: string[] = [];
    let closes = 0;
    const events = createEventStream({
      source: source(['data: 1\n\n', 'data: 2\n\n'], log),
      maxEventChars: 1024,
      mapError,
      onClose: () => closes++,
    });
    for await (const event of events) {
      expect(event.data).toBe('1');
      break;
    }
    expect(log).toEqual(['read 0', 'closed']);
    expect(closes).toBe(1);
    expect(await events.next()).toEqual({ done: true, value: undefined });
    await events.return?.();
    expect(closes).toBe(1);
  });

  test('an event larger than the cap fails the stream through mapError and closes the source', async () => {
    const log: string[] = [];
    const events = createEventStream({
      source: source([`data: ${'x'.repeat(100)}`, 'never read'], log),
      maxEventChars: 50,
      mapError,
    });
    await expect(events.next()).rejects.toThrow(/mapped: an upstream event is larger than 50 characters/);
    expect(log).toEqual(['read 0', 'closed']);
  });

  test('a source failure is mapped', async () => {
    const failing = (async function* () {
      yield encoder.encode('data: ok\n\n');
      throw new Error('socket hang up');
    })();
    const events = createEventStream({ source: failing, maxEventChars: 1024, mapError });
    expect(await events.next()).toEqual({ done: false, value: { data: 'ok' } });
    await expect(events.next()).rejects.toThrow('mapped: socket hang up');
  });
});
