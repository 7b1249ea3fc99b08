import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// Real ids look like `sesn_011CZkZAtmR3yMPDzynEDxu7`: a `011` version tag then 21 base62 characters.
const RANDOM_LENGTH = 21;

/**
 * Creates an opaque id such as `sesn_011CZkZAtmR3yMPDzynEDxu7` with 21 random base62 characters
 * (about 125 bits), so ids never collide within a sandbox and look like the real API's.
 */
export function createId(prefix: string): string {
  const bytes = randomBytes(RANDOM_LENGTH);
  let out = `${prefix}_011`;
  for (const byte of bytes) {
    // `byte % 62` is slightly biased; that does not matter for ids whose only job is to be unique.
    out += ALPHABET[byte % 62];
  }
  return out;
}
