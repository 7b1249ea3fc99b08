import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { sendError, sendJson } from './send-json.js';

let server: Server | undefined;

afterEach(async () => {
  const closing = server;
  server = undefined;
  if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
});

/** A real server whose every request is answered by `answer`; returns its URL. */
async function serve(answer: (response: ServerResponse) => void): Promise<string> {
  const started = createServer((_request, response) => answer(response));
  server = started;
  await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(started.address() as AddressInfo).port}/`;
}

describe('sendJson', () => {
  test('writes pretty JSON with a length, no-store and extra headers', async () => {
    const url = await serve((response) => sendJson(response, 201, { name: 'café' }, { 'x-extra': 'yes' }));
    const response = await fetch(url);
    const text = await response.text();
    expect(response.status).toBe(201);
    expect(text).toBe('{\n  "name": "café"\n}\n');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-extra')).toBe('yes');
  });

  test('HEAD gets the headers of the GET answer and no body', async () => {
    const url = await serve((response) => sendJson(response, 200, { status: 'UP' }));
    const response = await fetch(url, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(
      String(Buffer.byteLength('{\n  "status": "UP"\n}\n')),
    );
    expect(await response.text()).toBe('');
  });

  test('a header passed by the caller wins over the default', async () => {
    const url = await serve((response) => sendJson(response, 200, {}, { 'cache-control': 'max-age=60' }));
    expect((await fetch(url)).headers.get('cache-control')).toBe('max-age=60');
  });
});

describe('sendError', () => {
  test.each([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [405, 'method_not_allowed'],
    [413, 'bad_request'],
    [500, 'internal'],
    [502, 'internal'],
    [503, 'unavailable'],
  ])('%i is answered as { error: "%s", message }', async (status, error) => {
    const url = await serve((response) => sendError(response, status, 'Use GET.', { allow: 'GET' }));
    const response = await fetch(url);
    expect(response.status).toBe(status);
    expect(response.headers.get('allow')).toBe('GET');
    expect(await response.json()).toEqual({ error, message: 'Use GET.' });
  });
});
