import type { Redactor } from '@naftiko/core';

// Bodies worth scanning: text formats an upstream could echo a credential into.
const TEXTUAL =
  /^\s*(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|yaml|javascript|x-www-form-urlencoded|problem\+json)\b)/i;

/** Below this declared length a body is scanned whole and keeps an exact content-length. */
const WHOLE_BODY_BYTES = 1024 * 1024;

export interface RedactBodyOptions {
  body: AsyncIterable<Uint8Array>;
  headers: Record<string, string | string[]>;
  redactor: Redactor;
}

/**
 * A forwarded answer's body with the held credentials redacted. Only uncompressed text is
 * scanned (a binary or encoded body passes untouched). A body of declared length up to 1 MiB is
 * read whole (usually one chunk), so its content-length stays exact; a longer or chunked one is
 * rewritten as it streams and loses its content-length: a chunk's tail that could begin a secret
 * is held back for the next chunk (so a split secret is still caught), anything else goes out at
 * once (SSE events are not delayed). Mutates `headers` accordingly. A body read whole comes back
 * as one Buffer, for the relay to write in one call.
 */
export async function redactBody({
  body,
  headers,
  redactor,
}: RedactBodyOptions): Promise<Buffer | AsyncIterable<Uint8Array>> {
  const type = headers['content-type'];
  const encoding = headers['content-encoding'];
  if (
    redactor.size === 0 ||
    typeof type !== 'string' ||
    !TEXTUAL.test(type) ||
    (encoding !== undefined && encoding !== 'identity')
  ) {
    return body;
  }
  const declared = Number(headers['content-length']);
  if (Number.isInteger(declared) && declared <= WHOLE_BODY_BYTES) return redactWhole(body, headers, redactor);
  delete headers['content-length'];
  return redactStream(body, redactor);
}

/** Read before the answer is handed on, so a corrected content-length goes out with the headers. */
async function redactWhole(
  body: AsyncIterable<Uint8Array>,
  headers: Record<string, string | string[]>,
  redactor: Redactor,
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  const bytes = chunks.length === 1 ? Buffer.from(chunks[0] as Uint8Array) : Buffer.concat(chunks);
  const text = bytes.toString('utf8');
  const redacted = redactor.redact(text);
  if (redacted === text) return bytes;
  const out = Buffer.from(redacted, 'utf8');
  headers['content-length'] = String(out.length);
  return out;
}

async function* redactStream(
  body: AsyncIterable<Uint8Array>,
  redactor: Redactor,
): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder();
  let carry = '';
  for await (const chunk of body) {
    const text = redactor.redact(carry + decoder.decode(chunk, { stream: true }));
    let cut = text.length - redactor.pendingSuffix(text);
    // Never split a surrogate pair between what is sent and what is kept.
    if (cut > 0 && cut < text.length && isLowSurrogate(text.charCodeAt(cut))) cut -= 1;
    carry = text.slice(cut);
    if (cut > 0) yield Buffer.from(text.slice(0, cut), 'utf8');
  }
  const rest = redactor.redact(carry + decoder.decode());
  if (rest !== '') yield Buffer.from(rest, 'utf8');
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
