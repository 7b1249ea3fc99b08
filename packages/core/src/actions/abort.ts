import { NaftikoError } from '../errors.js';

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new NaftikoError('ABORTED', 'The operation was aborted by the caller.');
}
