/**
 * Graceful stop for a node:http server: stop accepting, let the requests in flight finish within
 * a grace period (a call waiting on its upstream, a forwarded download, an event stream), then cut
 * what is left. New requests on kept-alive connections are the caller's to refuse, by `closing`.
 */
import type { Server, ServerResponse } from 'node:http';

export interface RequestTracker {
  /** True once `drain` started: answer new requests 503 with `connection: close`. */
  readonly closing: boolean;
  /** Responses tracked and not yet closed. */
  readonly inFlight: number;
  /** Counts `response` until it closes (finished, or its client gone). */
  track(response: ServerResponse): void;
  /**
   * Stops `server` accepting connections and closes its idle ones, waits up to `graceMs` for the
   * tracked responses, then closes every connection. Resolves true when all finished in time.
   */
  drain(server: Server, graceMs: number): Promise<boolean>;
}

export function createRequestTracker(): RequestTracker {
  let inFlight = 0;
  let closing = false;
  let server: Server | undefined;
  let settled: (() => void) | undefined;
  // One shared listener, not a closure per request.
  const onClose = () => {
    inFlight -= 1;
    if (!closing) return;
    // A connection whose response just ended would otherwise idle until its keep-alive expires.
    server?.closeIdleConnections();
    if (inFlight === 0) settled?.();
  };
  return {
    get closing() {
      return closing;
    },
    get inFlight() {
      return inFlight;
    },
    track: (response) => {
      inFlight += 1;
      response.on('close', onClose);
    },
    drain: async (target, graceMs) => {
      closing = true;
      server = target;
      const closed = new Promise<void>((resolve) => target.close(() => resolve()));
      target.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const finished =
        inFlight === 0 ||
        (await new Promise<boolean>((resolve) => {
          settled = () => resolve(true);
          timer = setTimeout(() => resolve(false), graceMs);
        }));
      clearTimeout(timer);
      target.closeAllConnections();
      await closed;
      return finished;
    },
  };
}
