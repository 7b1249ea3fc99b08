import type { ServerResponse } from 'node:http';
import type { SessionRecord, StreamSubscriber } from './session-store.js';
import type { PreviewFrame, SessionEvent } from './session-types.js';

// `event: ping` is skipped by every SDK version (wire spec §5.1), unlike data-only frames, which
// some SDK versions would try to parse.
const PING_FRAME = 'event: ping\ndata: {"type":"ping"}\n\n';

/**
 * Turns `response` into a live SSE stream of the session's events (wire spec §5): no replay,
 * `event: <type>` + one-line JSON `data:` frames, periodic pings. The subscriber and its heartbeat
 * timer are released as soon as the connection closes, whichever side closes it.
 */
export function openEventStream(options: {
  response: ServerResponse;
  record: SessionRecord;
  deltas: ReadonlySet<string>;
  heartbeatMs: number;
  requestId: string;
  /** Every open stream of the sandbox; this one is in it exactly while its connection is open. */
  openStreams: Set<ServerResponse>;
}): void {
  const { response, record, deltas, heartbeatMs, requestId, openStreams } = options;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'request-id': requestId,
  });
  // Headers go out now, so a client awaiting the response sees the stream open before any event.
  response.flushHeaders();

  const subscriber: StreamSubscriber = {
    deltas,
    send(frame: SessionEvent | PreviewFrame) {
      if (!response.writableEnded) response.write(`event: ${frame.type}\ndata: ${JSON.stringify(frame)}\n\n`);
    },
    end() {
      if (!response.writableEnded) response.end();
    },
  };
  const heartbeat = setInterval(() => {
    if (!response.writableEnded) response.write(PING_FRAME);
  }, heartbeatMs);
  record.subscribers.add(subscriber);
  openStreams.add(response);
  response.on('close', () => {
    clearInterval(heartbeat);
    record.subscribers.delete(subscriber);
    openStreams.delete(response);
  });
}
