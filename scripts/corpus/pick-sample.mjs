import { createHash } from 'node:crypto';
import { basename } from 'node:path';

/**
 * A fixed sample: accepted files ordered by the SHA-1 of their file name, first `size`. Stable
 * across runs and machines, spread over providers (not the alphabet's first letters).
 */
export function pickSample({ files, size }) {
  const keyed = files.map((file) => ({
    file,
    key: createHash('sha1').update(basename(file.path)).digest('hex'),
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.file.path < b.file.path ? -1 : 1));
  return keyed.slice(0, size).map((entry) => entry.file);
}
