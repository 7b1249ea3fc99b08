import {
  bodyTooLarge,
  type ReadBodyCappedOptions,
  readBodyCapped,
  takeOrDestroy,
} from './read-body-capped.js';

export interface ReadBodyTextOptions extends ReadBodyCappedOptions {
  /** The response's content type, whose charset decides the decoding. */
  contentType: string | undefined;
}

/**
 * A whole upstream body as text, size-capped like `readBodyCapped`: UTF-8 unless the content
 * type names another charset that the runtime (full ICU) can decode. A UTF-8 body of declared
 * length is decoded by undici straight from its chunks, without an intermediate copy.
 */
export function readBodyText(options: ReadBodyTextOptions): Promise<string> {
  const { body, contentLength, maxBytes, contentType, lease } = options;
  const charset = charsetOf(contentType);
  if (charset === undefined && contentLength !== undefined && body.text !== undefined) {
    const declared = Number(contentLength);
    if (declared > maxBytes) return Promise.reject(bodyTooLarge(options));
    if (Number.isInteger(declared)) {
      if (lease !== undefined) {
        try {
          takeOrDestroy(lease, declared, body);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return body.text();
    }
  }
  return readAndDecode(options, charset);
}

async function readAndDecode(options: ReadBodyCappedOptions, charset: string | undefined): Promise<string> {
  const bytes = await readBodyCapped(options);
  if (charset === undefined) return bytes.toString('utf8');
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8'); // an unknown label: UTF-8 is the best guess for an API body
  }
}

// An upstream answers with the same content type every time: remember the last one's charset.
let lastContentType: string | undefined;
let lastCharset: string | undefined;

/** The declared charset when it is not UTF-8, else undefined. */
function charsetOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  if (contentType === lastContentType) return lastCharset;
  const declared = /;\s*charset="?([^";\s]+)"?/i.exec(contentType)?.[1];
  lastCharset = declared === undefined || /^utf-?8$/i.test(declared) ? undefined : declared;
  lastContentType = contentType;
  return lastCharset;
}
