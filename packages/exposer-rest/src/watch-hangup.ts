import type { ServerResponse } from 'node:http';

type Listener = (event: { type: 'abort' }) => void;

/**
 * The part of `AbortSignal` the engine reads (`aborted`, `reason`, `addEventListener` and
 * `removeEventListener` of 'abort', `throwIfAborted`). A real AbortController costs microseconds
 * per request and outlives young-generation collections (see exposer-mcp's README);
 * every REST call needs one to learn that its client hung up, so this one is a plain object.
 */
class HangupSignal {
  aborted = false;
  reason: unknown = undefined;
  onabort: Listener | null = null;
  private listener: Listener | undefined = undefined;
  private listeners: Listener[] | undefined = undefined;

  addEventListener(type: string, listener: Listener): void {
    if (type !== 'abort') return;
    if (this.listener === undefined) this.listener = listener;
    else if (this.listeners === undefined) this.listeners = [listener];
    else this.listeners.push(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    if (type !== 'abort') return;
    if (this.listener === listener) this.listener = undefined;
    else if (this.listeners !== undefined) {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    }
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  dispatchEvent(): boolean {
    return true;
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const reason = new Error('the client closed the connection');
    reason.name = 'AbortError';
    this.reason = reason;
    const event = { type: 'abort' } as const;
    const { listener, listeners } = this;
    this.listener = undefined;
    this.listeners = undefined;
    this.onabort?.(event);
    listener?.(event);
    if (listeners !== undefined) for (const each of listeners) each(event);
  }
}

/**
 * A signal aborted when the client goes away before its answer is finished ('close' on the
 * response without `writableFinished`), so the action's upstream request is closed at once
 * instead of running to the consumer's timeout for nobody.
 */
export function watchHangup(response: ServerResponse): AbortSignal {
  const signal = new HangupSignal();
  response.once('close', () => {
    if (!response.writableFinished) signal.abort();
  });
  return signal as unknown as AbortSignal;
}
