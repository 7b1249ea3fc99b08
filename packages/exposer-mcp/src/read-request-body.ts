import type { IncomingMessage } from 'node:http';

export type ReadRequestBodyResult = { ok: true; text: string } | { ok: false; reason: 'too-large' };

/**
 * Reads a request body up to `maxBytes`. A declared `Content-Length` over the cap is refused
 * before reading; otherwise reading stops as soon as the cap is passed (the rest is never
 * buffered).
 */
export async function readRequestBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<ReadRequestBodyResult> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: 'too-large' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return { ok: false, reason: 'too-large' };
    chunks.push(chunk);
  }
  return { ok: true, text: Buffer.concat(chunks, size).toString('utf8') };
}
