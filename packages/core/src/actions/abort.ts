import { isNaftikoError, NaftikoError } from '../errors.js';

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new NaftikoError('ABORTED', 'The operation was aborted by the caller.');
}

/** A failure caused by the caller's signal, whatever threw it, as ABORTED. */
export function normalizeAbort(error: unknown, signal: AbortSignal | undefined): unknown {
  if (isNaftikoError(error)) return error;
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
    return new NaftikoError('ABORTED', 'The operation was aborted by the caller.', { cause: error });
  }
  return error;
}
