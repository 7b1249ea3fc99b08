import { Readable } from 'node:stream';
import type { StreamEvent } from '@naftiko/core';

/** Options of {@link createSseStream}. */
export interface CreateSseStreamOptions {
  events: AsyncIterable<StreamEvent>;
  /** A `: heartbeat` comment is written this often while no event arrives (0 = never). */
  heartbeatMs: number;
  /** The JSON `data` of the final `event: error` frame when the upstream stream fails. */
  describeError: (error: unknown) => unknown;
}

/**
 * Re-emits upstream server-sent events as a byte stream, one frame per event as soon as it
 * arrives: the stream pulls the next event only when the socket has room, so nothing is
 * buffered ahead of a slow client. Comments keep idle connections alive through proxies; a
 * failure mid-stream becomes a final `event: error` frame (headers are already sent). When the
 * client goes away the stream is destroyed, which ends the upstream iteration at once.
 */
export function createSseStream({ events, heartbeatMs, describeError }: CreateSseStreamOptions): Readable {
  const iterator = events[Symbol.asyncIterator]();
  let pulling = false;
  let done = false;
  let heartbeat: NodeJS.Timeout | undefined;

  const finish = () => {
    done = true;
    if (heartbeat) clearInterval(heartbeat);
  };

  const stream = new Readable({
    read() {
      if (pulling || done) return;
      pulling = true;
      iterator.next().then(
        (result) => {
          pulling = false;
          if (done) return;
          if (result.done) {
            finish();
            stream.push(null);
          } else {
            stream.push(formatEvent(result.value));
          }
        },
        (error: unknown) => {
          pulling = false;
          if (done) return;
          finish();
          stream.push(formatEvent({ event: 'error', data: JSON.stringify(describeError(error)) }));
          stream.push(null);
        },
      );
    },
    destroy(error, callback) {
      const wasDone = done;
      finish();
      // Ending the iteration is what aborts the upstream request of a disconnected client.
      if (!wasDone) iterator.return?.().catch(() => {});
      callback(error);
    },
  });
  // An opening comment makes Node send the response head now: clients wait for it before they
  // start reading, and the first real event may be minutes away.
  stream.push(': stream open\n\n');
  if (heartbeatMs > 0) {
    heartbeat = setInterval(() => {
      if (!done) stream.push(': heartbeat\n\n');
    }, heartbeatMs);
  }
  return stream;
}

/** One SSE frame. Field values lose CR/LF so an upstream cannot inject extra fields. */
export function formatEvent(event: StreamEvent): string {
  let frame = '';
  if (event.id !== undefined) frame += `id: ${oneLine(event.id)}\n`;
  if (event.event !== undefined) frame += `event: ${oneLine(event.event)}\n`;
  if (event.retry !== undefined && Number.isInteger(event.retry)) frame += `retry: ${event.retry}\n`;
  for (const line of event.data.split(/\r\n|\r|\n/)) frame += `data: ${line}\n`;
  return `${frame}\n`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]/g, ' ');
}
