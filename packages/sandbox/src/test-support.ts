// Shared by the sandbox's own tests only (excluded from the build): a plain `fetch` client with
// the headers the real API requires, and an incremental SSE reader.
import type { Sandbox } from './create-sandbox.js';

export const API_HEADERS: Readonly<Record<string, string>> = {
  'x-api-key': 'sk-ant-sandbox',
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'managed-agents-2026-04-01',
};

export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes.
  json: any;
}

/** Sends one request; `body` objects are JSON-encoded, strings sent as they are. */
export async function call(
  sandbox: Sandbox,
  options: { method?: string; path: string; body?: unknown; headers?: Record<string, string | undefined> },
): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...API_HEADERS, ...options.headers })) {
    if (value !== undefined) headers[name] = value;
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(sandbox.url + options.path, {
    method: options.method ?? 'GET',
    headers,
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text === '' ? undefined : JSON.parse(text),
  };
}

export async function createSession(
  sandbox: Sandbox,
  body: Record<string, unknown> = {},
): Promise<ApiResponse> {
  return call(sandbox, {
    method: 'POST',
    path: '/v1/sessions',
    body: { agent: 'agent_011test', environment_id: 'env_011test', ...body },
  });
}

export function userMessage(text: string): Record<string, unknown> {
  return { type: 'user.message', content: [{ type: 'text', text }] };
}

export interface SseFrame {
  event: string | undefined;
  data: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes.
  json: any;
}

export interface SseReader {
  status: number;
  headers: Headers;
  /** The next frame, or undefined once the server ended the stream. Rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseFrame | undefined>;
  /** Frames up to and including the first whose event is `type`. */
  until(type: string, timeoutMs?: number): Promise<SseFrame[]>;
  close(): void;
}

/** Opens an SSE stream and parses frames as bytes arrive, so tests see events one at a time. */
export async function openSse(
  sandbox: Sandbox,
  options: { path: string; headers?: Record<string, string> },
): Promise<SseReader> {
  const controller = new AbortController();
  const response = await fetch(sandbox.url + options.path, {
    headers: { ...API_HEADERS, ...options.headers },
    signal: controller.signal,
  });
  if (response.body === null) throw new Error('SSE response has no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;

  const readFrame = async (): Promise<SseFrame | undefined> => {
    for (;;) {
      const boundary = buffer.indexOf('\n\n');
      if (boundary !== -1) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        let event: string | undefined;
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        }
        if (event === undefined && data.length === 0) continue;
        const text = data.join('\n');
        return { event, data: text, json: text === '' ? undefined : JSON.parse(text) };
      }
      if (ended) return undefined;
      const chunk = await reader.read();
      if (chunk.done) ended = true;
      else buffer += decoder.decode(chunk.value, { stream: true });
    }
  };

  const next = (timeoutMs = 5_000): Promise<SseFrame | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no SSE frame within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([readFrame(), timeout]).finally(() => clearTimeout(timer));
  };

  return {
    status: response.status,
    headers: response.headers,
    next,
    async until(type, timeoutMs = 5_000) {
      const frames: SseFrame[] = [];
      for (;;) {
        const frame = await next(timeoutMs);
        if (frame === undefined) throw new Error(`stream ended before a ${type} frame`);
        frames.push(frame);
        if (frame.event === type) return frames;
      }
    },
    close() {
      controller.abort();
    },
  };
}

/** Polls `predicate` until it holds; for server-side effects of a client action (disconnects). */
export async function waitFor(predicate: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
