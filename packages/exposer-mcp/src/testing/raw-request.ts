import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawRequestOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Resolve as soon as the status and headers arrive, then hang up (long-lived SSE streams). */
  headersOnly?: boolean;
  /** Resolve once the body read so far satisfies this, then hang up (a stream that stays open). */
  until?: (text: string) => boolean;
}

/** A plain node:http request, so tests can send any Host/Origin header and read raw answers. */
export function rawRequest(options: RawRequestOptions): Promise<RawResponse> {
  const { url, method = 'POST', headers = {}, body, headersOnly = false, until } = options;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      if (headersOnly) {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (until?.(text)) {
          res.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const MCP_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

/** The JSON-RPC messages of an SSE (or JSON) response body. */
export function parseMessages(body: string): unknown[] {
  if (body.trimStart().startsWith('{') || body.trimStart().startsWith('[')) return [JSON.parse(body)].flat();
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice('data: '.length)));
}
