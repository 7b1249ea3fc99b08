import { open } from 'node:fs/promises';
import type { Diagnostic } from '@naftiko/spec';
import { parse } from 'yaml';

/** Options of {@link loadOpenApiSource}. */
export interface LoadOpenApiSourceOptions {
  /** A file path or an http(s) URL. */
  location: string;
  /** Largest document accepted, in bytes; default 20 MiB. */
  maxBytes?: number;
  /** Give up on a URL after this long; default 30 s. */
  timeoutMs?: number;
}

/** The parsed document and, for a URL, the URL relative server entries resolve against. */
export interface LoadedOpenApiSource {
  document: unknown;
  sourceUrl?: string;
}

/**
 * Reads an OpenAPI document from a file or a URL and parses it (YAML is a superset of JSON, so
 * one parser serves both). Size is capped while reading, so a huge or endless response cannot
 * exhaust memory; every failure is a diagnostic naming the location.
 */
export async function loadOpenApiSource({
  location,
  maxBytes = 20 * 1024 * 1024,
  timeoutMs = 30_000,
}: LoadOpenApiSourceOptions): Promise<{ value?: LoadedOpenApiSource; diagnostics: Diagnostic[] }> {
  const fail = (code: string, message: string) => ({
    diagnostics: [{ code, severity: 'error' as const, message, pointer: '', file: location }],
  });
  const isUrl = /^https?:\/\//i.test(location);
  let text: string;
  try {
    text = isUrl ? await fetchText(location, maxBytes, timeoutMs) : await readText(location, maxBytes);
  } catch (error) {
    if (error instanceof TooLargeError) {
      return fail(
        'openapi-too-large',
        `${location} is larger than ${maxBytes} bytes; an OpenAPI document that big is refused.`,
      );
    }
    return fail('openapi-load-failed', `cannot read ${location}: ${describeError(error)}`);
  }
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 1000 });
  } catch (error) {
    return fail(
      'openapi-parse-failed',
      `${location} is neither JSON nor YAML: ${describeError(error).split('\n')[0]}`,
    );
  }
  return { value: isUrl ? { document, sourceUrl: location } : { document }, diagnostics: [] };
}

class TooLargeError extends Error {}

async function readText(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new TooLargeError();
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

async function fetchText(url: string, maxBytes: number, timeoutMs: number): Promise<string> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.5' },
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new TooLargeError();
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new TooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'the request timed out';
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'it is a directory, not a file';
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
