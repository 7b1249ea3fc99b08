import type { IncomingMessage } from 'node:http';

/** What reading a request body produced. `tooLarge` means the body passed `maxBytes` and was dropped. */
export type ReadBodyResult = { type: 'ok'; text: string } | { type: 'too-large' };

/**
 * Reads a request body as UTF-8 up to `maxBytes`. A declared `content-length` over the cap is
 * refused before reading; an undeclared body that grows past it stops accumulating at once, so a
 * hostile client cannot make the sandbox buffer more than the cap.
 */
export function readBody(options: { request: IncomingMessage; maxBytes: number }): Promise<ReadBodyResult> {
  const { request, maxBytes } = options;
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ type: 'too-large' });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        request.off('data', onData);
        request.off('end', onEnd);
        chunks.length = 0;
        resolve({ type: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      resolve({ type: 'ok', text: Buffer.concat(chunks, size).toString('utf8') });
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', reject);
  });
}
