/**
 * Tracks in-flight calls so a stop can let them finish within a bound, then abort the rest
 * (which closes their upstream requests and streams).
 */
export interface CallTracker {
  /** Aborted when the server starts stopping: streaming tools end and return what they have. */
  readonly stopping: AbortSignal;
  readonly size: number;
  /**
   * Runs `fn` with the call's own signal, aborted by `signal` (the caller's), by a drain past its
   * grace, or by `fn` itself through `abort` (a stream that stops early releases its upstream).
   */
  track<T>(
    signal: AbortSignal | undefined,
    fn: (signal: AbortSignal, abort: () => void) => Promise<T>,
  ): Promise<T>;
  /** Signals `stopping`, waits up to `graceMs` for in-flight calls, then aborts the rest. */
  drain(graceMs: number): Promise<void>;
}

export function createCallTracker(): CallTracker {
  const stopping = new AbortController();
  const inFlight = new Map<Promise<unknown>, AbortController>();

  return {
    stopping: stopping.signal,
    get size() {
      return inFlight.size;
    },
    track: (signal, fn) => {
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal?.reason);
      if (signal?.aborted) controller.abort(signal.reason);
      else signal?.addEventListener('abort', onAbort, { once: true });
      const promise = fn(controller.signal, () => controller.abort()).finally(() => {
        signal?.removeEventListener('abort', onAbort);
        inFlight.delete(promise);
      });
      inFlight.set(promise, controller);
      return promise;
    },
    drain: async (graceMs) => {
      stopping.abort();
      if (inFlight.size === 0) return;
      const settled = Promise.allSettled([...inFlight.keys()]);
      if (await settledWithin(settled, graceMs)) return;
      for (const controller of inFlight.values()) controller.abort(new Error('server stopping'));
      // An aborted call releases its upstream promptly; still, never hang a shutdown on one.
      await settledWithin(settled, ABORT_SETTLE_MS);
    },
  };
}

const ABORT_SETTLE_MS = 1_000;

async function settledWithin(settled: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    settled.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return done;
}
