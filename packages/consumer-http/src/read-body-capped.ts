import { NaftikoError } from '@naftiko/core';
import type { BodyLease } from './create-consumer-load.js';

export interface ReadBodyCappedOptions {
  body: AsyncIterable<Uint8Array> & {
    destroy?(): unknown;
    on?(event: 'error', listener: () => void): unknown;
    arrayBuffer?(): Promise<ArrayBuffer>;
    text?(): Promise<string>;
  };
  /** Declared content-length, checked before reading anything. */
  contentLength?: string | undefined;
  maxBytes: number;
  operation: string;
  /** The consumer-wide budget of buffered bytes: taken as the body is read (BUSY past it). */
  lease?: BodyLease | undefined;
}

/**
 * Reads a whole upstream body, failing with UPSTREAM_RESPONSE_TOO_LARGE as soon as it would pass
 * `maxBytes` (by declared length or while streaming), so a hostile or broken upstream cannot make
 * the engine buffer an unbounded answer. The body is destroyed on failure, closing the connection.
 */
export async function readBodyCapped(options: ReadBodyCappedOptions): Promise<Buffer> {
  const { body, contentLength, maxBytes, lease } = options;
  const declared = contentLength === undefined ? undefined : Number(contentLength);
  if (declared !== undefined && declared > maxBytes) throw bodyTooLarge(options);
  // A declared length within the cap: undici enforces it (a longer body is a protocol error), so
  // its own consumer can read the whole body without our per-chunk loop (the hot path).
  if (declared !== undefined && Number.isInteger(declared) && body.arrayBuffer !== undefined) {
    if (lease !== undefined) takeOrDestroy(lease, declared, body);
    return Buffer.from(await body.arrayBuffer());
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw bodyTooLarge(options);
    if (lease !== undefined) takeOrDestroy(lease, chunk.byteLength, body);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/** Takes `bytes` from the lease; past the budget the body is destroyed and BUSY thrown. */
export function takeOrDestroy(lease: BodyLease, bytes: number, body: ReadBodyCappedOptions['body']): void {
  try {
    lease.take(bytes);
  } catch (error) {
    body.on?.('error', () => {});
    body.destroy?.();
    throw error;
  }
}

/** UPSTREAM_RESPONSE_TOO_LARGE, after destroying the body (which closes the connection). */
export function bodyTooLarge(options: ReadBodyCappedOptions): NaftikoError {
  const { body, maxBytes, operation } = options;
  const error = new NaftikoError(
    'UPSTREAM_RESPONSE_TOO_LARGE',
    `${operation}: the upstream response is larger than the ${maxBytes}-byte limit (raise maxResponseBytes if it is expected)`,
    { data: { operation, limit: maxBytes } },
  );
  // undici turns a destroy before the end into an 'error' event; nobody reads this body any more.
  body.on?.('error', () => {});
  body.destroy?.();
  return error;
}
