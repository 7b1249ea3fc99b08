import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ActionResult, StreamEvent } from '@naftiko/core';
import type { CollectedStream } from './collect-stream.js';

export type JsonFormat = 'pretty' | 'compact';

export function stringifyJson(value: unknown, format: JsonFormat): string {
  const text = format === 'pretty' ? JSON.stringify(value, null, 2) : JSON.stringify(value);
  // JSON.stringify(undefined) is undefined: an empty upstream body is `null` to the model.
  return text ?? 'null';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A finished (non-stream) action result as a tool result: JSON as text plus `structuredContent`
 * when it is an object (MCP's structured content must be an object); text as is.
 */
export function toToolResult(
  result: Exclude<ActionResult, { type: 'stream' }>,
  format: JsonFormat,
): CallToolResult {
  if (result.type === 'text') return { content: [{ type: 'text', text: result.text }] };
  const content: CallToolResult['content'] = [{ type: 'text', text: stringifyJson(result.value, format) }];
  return isPlainObject(result.value) ? { content, structuredContent: result.value } : { content };
}

/** One collected event as returned to the model: JSON data parsed, the rest as sent. */
export interface ReturnedEvent {
  event?: string;
  id?: string;
  data: unknown;
}

function toReturnedEvent(event: StreamEvent): ReturnedEvent {
  let data: unknown = event.data;
  try {
    data = JSON.parse(event.data);
  } catch {
    // keep the raw text
  }
  return {
    ...(event.event === undefined ? {} : { event: event.event }),
    ...(event.id === undefined ? {} : { id: event.id }),
    data,
  };
}

/** The events a streaming tool collected, with why collection stopped. */
export function toStreamToolResult(collected: CollectedStream, format: JsonFormat): CallToolResult {
  const structured = {
    events: collected.events.map(toReturnedEvent),
    count: collected.events.length,
    endedBy: collected.endedBy,
    // The events past the byte limit were dropped: say so, so nobody reads this as the whole stream.
    ...(collected.endedBy === 'max-bytes' ? { truncated: true } : {}),
    ...(collected.error === undefined ? {} : { error: collected.error }),
  };
  return {
    content: [{ type: 'text', text: stringifyJson(structured, format) }],
    structuredContent: structured,
  };
}
