import type { ActionResult } from '@naftiko/core';
import type { FastifyReply } from 'fastify';
import { createSseStream } from './create-sse-stream.js';

/** Options of {@link sendActionResult}. */
export interface SendActionResultOptions {
  reply: FastifyReply;
  result: ActionResult;
  heartbeatMs: number;
  /** The `data` of the final `event: error` frame when a stream fails mid-way. */
  describeStreamError: (error: unknown) => unknown;
}

// Upstream headers that describe the upstream connection or body encoding, or that belong to
// the upstream's origin: never relayed.
const NOT_RELAYED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'content-encoding',
  'content-type',
  'set-cookie',
  'www-authenticate',
]);

/**
 * Writes an action result: JSON (mapped output or the parsed upstream body) and text keep the
 * status and content type the action reports; a stream becomes `text/event-stream`, relayed
 * event by event. JSON is serialised here with JSON.stringify: the shape is not known to
 * fastify, so a response schema could not speed it up.
 */
export function sendActionResult({
  reply,
  result,
  heartbeatMs,
  describeStreamError,
}: SendActionResultOptions): FastifyReply {
  reply.code(result.status);
  if (result.headers) {
    for (const [name, value] of Object.entries(result.headers)) {
      if (!NOT_RELAYED.has(name.toLowerCase())) reply.header(name, value);
    }
  }
  if (result.status === 204 || result.status === 304) return reply.send();
  switch (result.type) {
    case 'json':
      reply.type(result.contentType || 'application/json');
      return reply.send(result.value === undefined ? '' : JSON.stringify(result.value));
    case 'text':
      reply.type(result.contentType || 'text/plain; charset=utf-8');
      return reply.send(result.text);
    case 'stream':
      reply.type('text/event-stream; charset=utf-8');
      reply.header('cache-control', 'no-cache, no-transform');
      // Proxies such as nginx buffer responses unless told not to; events must flow at once.
      reply.header('x-accel-buffering', 'no');
      return reply.send(
        createSseStream({ events: result.events, heartbeatMs, describeError: describeStreamError }),
      );
  }
}
