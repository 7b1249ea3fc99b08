import { type ConsumerResponse, dropConnectionNamed, NaftikoError, type Redactor } from '@naftiko/core';
import type { Dispatcher } from 'undici';
import type { AbortReason, CallControl } from './create-call-deadlines.js';
import type { ConsumerLoad } from './create-consumer-load.js';
import { createEventStream } from './create-event-stream.js';
import type { HttpConsumerSettings } from './http-consumer-settings.js';
import { parseResponseBody } from './parse-response-body.js';
import { parseUpstreamError } from './parse-upstream-error.js';
import { readBodyPrefix } from './read-body-prefix.js';
import { readBodyText } from './read-body-text.js';

export interface ReadUpstreamResponseOptions {
  response: Dispatcher.ResponseData<unknown>;
  /** `namespace.operation` */
  operation: string;
  /** outputRawFormat */
  format: string;
  settings: HttpConsumerSettings;
  /** The call's control: a stream ends its deadline and releases it when it closes. */
  control: CallControl;
  /** The consumer-wide budget of buffered bytes, taken while a body is read and parsed. */
  load?: ConsumerLoad;
  /** The consumes entry's held credentials, redacted from bodies and headers that come back. */
  held?: Redactor;
  /** Turns a failure while a stream is read into the error the consumer throws. */
  mapError(error: unknown, abortReason: AbortReason | undefined): Error;
}

const EVENT_STREAM = /^\s*text\/event-stream\s*(;|$)/i;

/**
 * Turns an undici answer into a ConsumerResponse: non-2xx rejects with UPSTREAM_STATUS (upstream
 * error envelope understood, body capped), `text/event-stream` becomes a lazy event stream
 * whatever the declared format, anything else is read (size-capped) and converted per
 * outputRawFormat. Status, content type and headers are kept for exposers.
 */
export async function readUpstreamResponse(options: ReadUpstreamResponseOptions): Promise<ConsumerResponse> {
  const { response, operation, format, settings, control } = options;
  const status = response.statusCode;
  const { held } = options;
  // RFC 9110 7.6.1: fields named in Connection describe the upstream hop, never relayed.
  const headers = redactHeaders(dropConnectionNamed(flattenHeaders(response.headers)), held);
  const contentType = headers['content-type'];
  if (status < 200 || status > 299) {
    const text = await readBodyPrefix({ body: response.body, maxBytes: settings.maxErrorBodyBytes });
    const { errorType, message } = parseUpstreamError(text);
    const detail = message === '' ? '' : `: ${message}`;
    const retryAfter = readRetryAfter(headers['retry-after']);
    throw new NaftikoError(
      'UPSTREAM_STATUS',
      `${operation}: the upstream answered ${status}${errorType === undefined ? '' : ` ${errorType}`}${detail}`,
      {
        data: {
          operation,
          status,
          ...(errorType === undefined ? {} : { errorType }),
          message,
          ...(retryAfter === undefined ? {} : { retryAfter }),
        },
      },
    );
  }
  if (contentType !== undefined && EVENT_STREAM.test(contentType)) {
    // A stream lives as long as its reader wants: the total timeout stops here, the caller's
    // signal keeps aborting it until it closes.
    control.endDeadline();
    const events = createEventStream({
      source: response.body,
      maxEventChars: settings.maxResponseBytes,
      ...(held === undefined || held.size === 0 ? {} : { redact: held.redact }),
      mapError: (error) => options.mapError(error, control.abortReason),
      onClose: () => control.release(),
    });
    return { status, headers, contentType, body: { type: 'stream', events } };
  }
  const lease = options.load?.lease(operation);
  let body: ConsumerResponse['body'];
  try {
    let text = await readBodyText({
      body: response.body,
      contentLength: headers['content-length'],
      contentType,
      maxBytes: settings.maxResponseBytes,
      operation,
      lease,
    });
    // One native scan of the text when nothing matches, the usual case.
    if (held !== undefined && held.size > 0) text = held.redact(text);
    try {
      const parsed = parseResponseBody(format, text);
      body = parsed instanceof Promise ? await parsed : parsed;
    } catch (error) {
      throw new NaftikoError(
        'UPSTREAM_BAD_RESPONSE',
        `${operation}: cannot read the response as ${format}: ${(error as Error).message}`,
        { cause: error, data: { operation } },
      );
    }
  } finally {
    // The parsed value lives on with the caller; the budget covers reading and parsing only.
    lease?.release();
  }
  // Built in one literal: spreading a shared base first costs time on every call.
  return contentType === undefined ? { status, headers, body } : { status, headers, contentType, body };
}

/** Header values with the held credentials redacted (an upstream echoing them in a header or URL). */
function redactHeaders(headers: Record<string, string>, held: Redactor | undefined): Record<string, string> {
  if (held === undefined || held.size === 0) return headers;
  // One scan of all values first: they almost never hold a secret.
  let all = '';
  for (const name in headers) all += `${headers[name]}\n`;
  if (held.redact(all) === all) return headers;
  for (const name in headers) {
    const value = headers[name] as string;
    const redacted = held.redact(value);
    if (redacted !== value) headers[name] = redacted;
  }
  return headers;
}

/** undici's headers with repeated fields joined; its own object when nothing repeats (the usual case). */
function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  let repeated = false;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || Array.isArray(value)) {
      repeated = true;
      break;
    }
  }
  if (!repeated) return headers as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

// RFC 9110 10.2.3: delay-seconds or an HTTP-date. Anything else is dropped, never relayed.
const RETRY_AFTER = /^(?:\d{1,10}|[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT)$/;

/** The upstream's `Retry-After` (429, 503) when it is well formed, for the caller to honour. */
function readRetryAfter(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return RETRY_AFTER.test(trimmed) ? trimmed : undefined;
}
