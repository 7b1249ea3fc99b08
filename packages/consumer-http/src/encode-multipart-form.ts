import { randomBytes } from 'node:crypto';

/** One `multipartForm` entry, its value already rendered. A part with a filename is a file part. */
export interface MultipartPart {
  name: string;
  value: string;
  filename?: string;
  /** Media type of a file part; application/octet-stream when absent. */
  contentType?: string;
}

export interface EncodeMultipartFormOptions {
  parts: readonly MultipartPart[];
  /** Fixed boundary for tests; a fresh random one per body otherwise. */
  boundary?: string;
}

const encoder = new TextEncoder();

/**
 * Encodes multipart/form-data the way the WHATWG "multipart/form-data encoding algorithm" does
 * (as undici's FormData does): names and filenames with CR, LF and '"' percent-encoded, line
 * breaks of names and text values normalised to CRLF, file content kept byte for byte. Written
 * here rather than borrowed from undici's FormData + Response, which are only reachable through
 * undici's index (all of fetch, WebSocket, cache and mocks at import) and serialise through a
 * web stream; this is synchronous and a fraction of the cost.
 */
export function encodeMultipartForm(options: EncodeMultipartFormOptions): {
  bytes: Uint8Array;
  contentType: string;
} {
  const { parts, boundary = `----naftiko-formdata-${randomBytes(12).toString('hex')}` } = options;
  let text = '';
  for (const part of parts) {
    const name = escapeName(normaliseLineBreaks(part.name));
    if (part.filename === undefined) {
      text += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${normaliseLineBreaks(part.value)}\r\n`;
    } else {
      const type = part.contentType ?? 'application/octet-stream';
      text += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${escapeName(part.filename)}"\r\nContent-Type: ${type}\r\n\r\n${part.value}\r\n`;
    }
  }
  text += `--${boundary}--\r\n`;
  return { bytes: encoder.encode(text), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A part's media type goes into a header line: only printable ASCII (what a Blob type accepts),
 * so a value cannot end the line and add headers of its own.
 */
export function isMultipartContentType(value: string): boolean {
  return /^[\x20-\x7e]+$/.test(value);
}

function escapeName(value: string): string {
  return value.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

function normaliseLineBreaks(value: string): string {
  return value.replace(/\r?\n|\r/g, '\r\n');
}
