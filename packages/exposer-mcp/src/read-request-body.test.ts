import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ReadRequestBodyResult, readRequestBody } from './read-request-body.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that reads each body with `readRequestBody` and reports the outcome (or the error). */
async function listen(
  maxBytes: number,
): Promise<{ port: number; read: Promise<ReadRequestBodyResult | Error> }> {
  let settle: (value: ReadRequestBodyResult | Error) => void = () => undefined;
  const read = new Promise<ReadRequestBodyResult | Error>((resolve) => {
    settle = resolve;
  });
  server = createServer((req: IncomingMessage, res) => {
    const result = readRequestBody(req, maxBytes);
    result.then(settle, settle);
    result.then(
      (outcome) => res.writeHead(outcome.ok ? 200 : 413, { connection: 'close' }).end(),
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, read };
}

/** Sends `chunks` as a chunked body, one write per chunk, a turn of the event loop apart. */
function send(
  port: number,
  chunks: (string | Buffer)[],
  { abort = false } = {},
): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request({
      port,
      host: '127.0.0.1',
      method: 'POST',
      headers: { 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(undefined));
    const write = (index: number) => {
      if (index === chunks.length) {
        if (abort) req.destroy();
        else req.end();
        return;
      }
      req.write(chunks[index]);
      setTimeout(() => write(index + 1), 5);
    };
    write(0);
  });
}

describe('readRequestBody', () => {
  it('joins a body that arrives in several chunks, a character split between two', async () => {
    const { port, read } = await listen(1024);
    const bytes = Buffer.from('{"a":"h\u00e9llo"}');
    const split = bytes.indexOf(0xc3) + 1;
    expect(await send(port, [bytes.subarray(0, 5), bytes.subarray(5, split), bytes.subarray(split)])).toBe(
      200,
    );
    expect(await read).toEqual({ ok: true, text: '{"a":"h\u00e9llo"}' });
  });

  it('reads an empty body as empty text', async () => {
    const { port, read } = await listen(1024);
    expect(await send(port, [])).toBe(200);
    expect(await read).toEqual({ ok: true, text: '' });
  });

  it('stops at the cap while reading a body without Content-Length', async () => {
    const { port, read } = await listen(10);
    expect(await send(port, ['12345', '67890', 'x', 'never buffered'])).toBe(413);
    expect(await read).toEqual({ ok: false, reason: 'too-large' });
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    const { port, read } = await listen(10);
    const status = await new Promise<number | undefined>((resolve) => {
      const req = request({ port, host: '127.0.0.1', method: 'POST', headers: { 'content-length': '11' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', () => resolve(undefined));
      req.end('01234567890');
    });
    expect(status).toBe(413);
    expect(await read).toEqual({ ok: false, reason: 'too-large' });
  });

  it('rejects when the client hangs up before the body ends', async () => {
    const { port, read } = await listen(1024);
    await send(port, ['{"a":'], { abort: true });
    expect(await read).toBeInstanceOf(Error);
  });
});
