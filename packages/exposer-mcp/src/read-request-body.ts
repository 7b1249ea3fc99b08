import type { IncomingMessage } from 'node:http';

export type ReadRequestBodyResult = { ok: true; text: string } | { ok: false; reason: 'too-large' };

/**
 * Reads a request body up to `maxBytes`. A declared `Content-Length` over the cap is refused
 * before reading; otherwise reading stops as soon as the cap is passed (the rest is drained, never
 * buffered). Plain `data`/`end` listeners rather than `for await`: a stream's async iterator costs
 * ~3 KB of garbage per request (iterator, end-of-stream watcher, promises) on every POST.
 */
export function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<ReadRequestBodyResult> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.resolve({ ok: false, reason: 'too-large' });
  }
  return new Promise((resolve, reject) => {
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    // The error listener stays: an aborted request can still emit 'error' after 'close', and an
    // 'error' without a listener would crash the process. A settled promise ignores it.
    const done = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        done();
        // Discard the rest: the answer (413, connection: close) ends the exchange.
        request.resume();
        resolve({ ok: false, reason: 'too-large' });
        return;
      }
      if (first === undefined) first = chunk;
      else if (chunks === undefined) chunks = [first, chunk];
      else chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      const body = chunks === undefined ? first : Buffer.concat(chunks, size);
      resolve({ ok: true, text: body === undefined ? '' : body.toString('utf8') });
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    // The client hung up before the body ended.
    const onClose = () => {
      done();
      reject(new Error('the request was aborted before its body ended'));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}
