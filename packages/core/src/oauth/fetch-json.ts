/**
 * The one way the OAuth code talks to an authorization server: a bounded JSON request. The
 * answer is size-capped and time-boxed, since a slow or huge answer would otherwise hold every
 * request waiting on it; failures name the URL and the reason, never a token or secret.
 */

export interface FetchJsonOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** An `application/x-www-form-urlencoded` body (token, introspection). */
  form?: URLSearchParams;
  timeoutMs?: number;
  /** Answers larger than this are refused. Default 1 MiB. */
  maxBytes?: number;
}

export interface FetchJsonResult {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Thrown when the server cannot be reached or answers something that is not JSON. */
export class OAuthFetchError extends Error {
  override name = 'OAuthFetchError';
}

export async function fetchJson(options: FetchJsonOptions): Promise<FetchJsonResult> {
  const { url, method = 'GET', headers = {}, form, timeoutMs = 5_000, maxBytes = 1024 * 1024 } = options;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        ...headers,
      },
      ...(form === undefined ? {} : { body: form.toString() }),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new OAuthFetchError(`${method} ${url} failed: ${reason}`);
  }
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > maxBytes) {
    await response.body?.cancel();
    throw new OAuthFetchError(`${method} ${url} answered ${length} bytes, more than ${maxBytes}`);
  }
  const text = await readCapped(response, maxBytes, `${method} ${url}`);
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new OAuthFetchError(`${method} ${url} answered ${response.status} with a body that is not JSON`);
  }
  return { status: response.status, body, headers: response.headers };
}

async function readCapped(response: Response, maxBytes: number, what: string): Promise<string> {
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new OAuthFetchError(`${what} answered more than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A plain object, as JSON answers of OAuth endpoints are. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
