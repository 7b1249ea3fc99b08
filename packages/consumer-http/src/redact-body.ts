import type { Redactor } from '@naftiko/core';

// Bodies worth scanning: text formats an upstream could echo a credential into.
const TEXTUAL =
  /^\s*(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|yaml|javascript|x-www-form-urlencoded|problem\+json)\b)/i;

/** Below this declared length a body is scanned whole and keeps an exact content-length. */
const WHOLE_BODY_BYTES = 1024 * 1024;

/**
 * How a forwarded answer's body is relayed: `none` untouched (no held secret, binary or
 * encoded), `whole` read whole then scanned (declared length up to 1 MiB: its content-length
 * stays exact), `stream` rewritten as it streams (longer or chunked: its content-length is
 * deleted from `headers` here).
 */
export type BodyRedaction = 'none' | 'whole' | 'stream';

export function planBodyRedaction(
  headers: Record<string, string | string[]>,
  redactor: Redactor,
): BodyRedaction {
  const type = headers['content-type'];
  const encoding = headers['content-encoding'];
  if (
    redactor.size === 0 ||
    typeof type !== 'string' ||
    !TEXTUAL.test(type) ||
    (encoding !== undefined && encoding !== 'identity')
  ) {
    return 'none';
  }
  const declared = Number(headers['content-length']);
  if (Number.isInteger(declared) && declared <= WHOLE_BODY_BYTES) return 'whole';
  delete headers['content-length'];
  return 'stream';
}

/**
 * A body read whole, redacted: the same Buffer when nothing matched (the usual case: one scan,
 * no copy), else the rewritten text with `headers`' content-length corrected.
 */
export function redactWholeBody(
  chunks: readonly Buffer[],
  headers: Record<string, string | string[]>,
  redactor: Redactor,
): Buffer {
  const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const text = bytes.toString('utf8');
  const redacted = redactor.redact(text);
  if (redacted === text) return bytes;
  const out = Buffer.from(redacted, 'utf8');
  headers['content-length'] = String(out.length);
  return out;
}

/**
 * Redacts a body chunk by chunk: a chunk's tail that could begin a secret is held back for the
 * next chunk (so a split secret is still caught), anything else goes out at once (SSE events are
 * not delayed). `push` returns what can be sent now (undefined when nothing), `end` the rest.
 */
export interface StreamRedactor {
  push(chunk: Uint8Array): Buffer | undefined;
  end(): Buffer | undefined;
}

export function createStreamRedactor(redactor: Redactor): StreamRedactor {
  return new ChunkRedactor(redactor);
}

class ChunkRedactor implements StreamRedactor {
  private readonly decoder = new TextDecoder();
  private carry = '';

  constructor(private readonly redactor: Redactor) {}

  push(chunk: Uint8Array): Buffer | undefined {
    const text = this.redactor.redact(this.carry + this.decoder.decode(chunk, { stream: true }));
    let cut = text.length - this.redactor.pendingSuffix(text);
    // Never split a surrogate pair between what is sent and what is kept.
    if (cut > 0 && cut < text.length && isLowSurrogate(text.charCodeAt(cut))) cut -= 1;
    this.carry = text.slice(cut);
    return cut > 0 ? Buffer.from(text.slice(0, cut), 'utf8') : undefined;
  }

  end(): Buffer | undefined {
    const rest = this.redactor.redact(this.carry + this.decoder.decode());
    this.carry = '';
    return rest === '' ? undefined : Buffer.from(rest, 'utf8');
  }
}

export interface RedactBodyOptions {
  body: AsyncIterable<Uint8Array>;
  headers: Record<string, string | string[]>;
  redactor: Redactor;
}

/**
 * A forwarded answer's body with the held credentials redacted, as {@link planBodyRedaction}
 * decides (mutating `headers` accordingly). A body read whole comes back as one Buffer, for the
 * relay to write in one call.
 */
export async function redactBody({
  body,
  headers,
  redactor,
}: RedactBodyOptions): Promise<Buffer | AsyncIterable<Uint8Array>> {
  const plan = planBodyRedaction(headers, redactor);
  if (plan === 'none') return body;
  if (plan === 'whole') {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return redactWholeBody(chunks, headers, redactor);
  }
  return redactStream(body, redactor);
}

async function* redactStream(
  body: AsyncIterable<Uint8Array>,
  redactor: Redactor,
): AsyncGenerator<Uint8Array> {
  const scanner = createStreamRedactor(redactor);
  for await (const chunk of body) {
    const out = scanner.push(chunk);
    if (out !== undefined) yield out;
  }
  const rest = scanner.end();
  if (rest !== undefined) yield rest;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
