import { type ConsumerResponse, NaftikoError } from '@naftiko/core';
import type { Dispatcher } from 'undici';
import { createEventStream } from './create-event-stream.js';
import type { HttpConsumerSettings } from './create-http-consumer.js';
import { parseResponseBody } from './parse-response-body.js';
import { parseUpstreamError } from './parse-upstream-error.js';
import { readBodyCapped } from './read-body-capped.js';
import { readBodyPrefix } from './read-body-prefix.js';

export interface ReadUpstreamResponseOptions {
  response: Dispatcher.ResponseData<unknown>;
  /** `namespace.operation` */
  operation: string;
  /** outputRawFormat */
  format: string;
  settings: HttpConsumerSettings;
  mapStreamError(error: unknown): Error;
  onStreamStart(): void;
  onStreamClose(): void;
}

/**
 * Turns an undici answer into a ConsumerResponse: non-2xx rejects with UPSTREAM_STATUS (upstream
 * error envelope understood, body capped), `text/event-stream` becomes a lazy event stream
 * whatever the declared format, anything else is read (size-capped) and converted per
 * outputRawFormat. Status, content type and headers are kept for exposers.
 */
export async function readUpstreamResponse(options: ReadUpstreamResponseOptions): Promise<ConsumerResponse> {
  const { response, operation, format, settings } = options;
  const status = response.statusCode;
  const headers = flattenHeaders(response.headers);
  const contentType = headers['content-type'];
  if (status < 200 || status > 299) {
    const text = await readBodyPrefix({ body: response.body, maxBytes: settings.maxErrorBodyBytes });
    const { errorType, message } = parseUpstreamError(text);
    const detail = message === '' ? '' : `: ${message}`;
    throw new NaftikoError(
      'UPSTREAM_STATUS',
      `${operation}: the upstream answered ${status}${errorType === undefined ? '' : ` ${errorType}`}${detail}`,
      { data: { operation, status, ...(errorType === undefined ? {} : { errorType }), message } },
    );
  }
  const base = { status, headers, ...(contentType === undefined ? {} : { contentType }) };
  if (contentType !== undefined && /^\s*text\/event-stream\s*(;|$)/i.test(contentType)) {
    options.onStreamStart();
    const events = createEventStream({
      source: response.body,
      maxEventChars: settings.maxResponseBytes,
      mapError: options.mapStreamError,
      onClose: options.onStreamClose,
    });
    return { ...base, body: { type: 'stream', events } };
  }
  const bytes = await readBodyCapped({
    body: response.body,
    contentLength: headers['content-length'],
    maxBytes: settings.maxResponseBytes,
    operation,
  });
  try {
    return { ...base, body: parseResponseBody(format, decode(bytes, contentType)) };
  } catch (error) {
    throw new NaftikoError(
      'UPSTREAM_BAD_RESPONSE',
      `${operation}: cannot read the response as ${format}: ${(error as Error).message}`,
      { cause: error, data: { operation } },
    );
  }
}

/** UTF-8 unless the content type names another charset that the runtime (full ICU) can decode. */
function decode(bytes: Buffer, contentType: string | undefined): string {
  const charset =
    contentType === undefined ? undefined : /;\s*charset="?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (charset === undefined || /^utf-?8$/i.test(charset)) return bytes.toString('utf8');
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8'); // an unknown label: UTF-8 is the best guess for an API body
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
