export interface ReadBodyPrefixOptions {
  body: AsyncIterable<Uint8Array> & { destroy?(error?: Error): unknown };
  maxBytes: number;
}

/**
 * Reads at most `maxBytes` of a body (an error answer: only its start is shown to anyone) and
 * drops the connection if more was coming, rather than draining an unbounded body.
 */
export async function readBodyPrefix(options: ReadBodyPrefixOptions): Promise<string> {
  const { body, maxBytes } = options;
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    const room = maxBytes - total;
    if (chunk.byteLength >= room) {
      chunks.push(chunk.subarray(0, room));
      total = maxBytes;
      break; // leaving the loop destroys the body
    }
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
