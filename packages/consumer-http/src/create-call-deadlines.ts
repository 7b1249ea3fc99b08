/** Why a call was cut short by its control. */
export type AbortReason = 'timeout' | 'caller';

/**
 * One call's cancellation handle. undici accepts an EventEmitter-shaped `signal` (`on`/`once`/
 * `removeListener` plus `aborted`), so the control itself is what the request watches: no
 * AbortController, listener registration on an EventTarget or timer per call, which together
 * cost tens of microseconds per request on Node 20.
 */
export interface CallControl {
  readonly aborted: boolean;
  /** When the total timeout aborts the call (`performance.now()` time). */
  readonly deadline: number;
  /** Set once the call was aborted. */
  readonly abortReason: AbortReason | undefined;
  /** Always undefined: undici then fails the request with its own RequestAbortedError. */
  readonly reason: undefined;
  on(event: string, listener: () => void): this;
  once(event: string, listener: () => void): this;
  removeListener(event: string, listener: () => void): this;
  /**
   * Rejects a pending step of the call when it is aborted, with an AbortError (the control's
   * abortReason says why); replaces any earlier one. Called at once if already aborted.
   */
  settleOnAbort(reject: (error: Error) => void): void;
  /** The total timeout stops applying (a stream started); the caller's signal still aborts. */
  endDeadline(): void;
  /** The call is over: forget its deadline and stop watching the caller's signal. */
  release(): void;
}

export interface CreateCallDeadlinesOptions {
  /** Time from `start` until a call is aborted with reason 'timeout'. */
  timeoutMs: number;
}

export interface CallDeadlines {
  /**
   * Starts watching one call; `signal` (the caller's) aborts it with reason 'caller'.
   * `onRelease` runs once, at the first `release()`.
   */
  start(signal: AbortSignal | undefined, onRelease?: () => void): CallControl;
  /** Stops the clock (the consumer closed); running calls are no longer timed. */
  close(): void;
}

/**
 * Total timeouts for the calls of one consumer with a single timer. Every call gets the same
 * budget, so calls join a linked list in deadline order, leave it in O(1) when they finish, and
 * one timer armed for the oldest deadline aborts whatever has expired when it fires. The timer
 * is unref'd: an in-flight call keeps the process alive through its socket, not through this.
 */
export function createCallDeadlines({ timeoutMs }: CreateCallDeadlinesOptions): CallDeadlines {
  const list: DeadlineList = { head: undefined, tail: undefined };
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const arm = (delayMs: number) => {
    timer = setTimeout(sweep, Math.max(1, Math.ceil(delayMs)));
    timer.unref();
  };
  const sweep = () => {
    timer = undefined;
    const now = performance.now();
    while (list.head !== undefined && list.head.deadline <= now) list.head.abort('timeout');
    if (list.head !== undefined && !closed) arm(list.head.deadline - now);
  };

  return {
    start(signal, onRelease) {
      const control = new Control(list, performance.now() + timeoutMs, signal, onRelease);
      if (timer === undefined && !closed) arm(timeoutMs);
      return control;
    },
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

interface DeadlineList {
  head: Control | undefined;
  tail: Control | undefined;
}

class Control implements CallControl {
  aborted = false;
  abortReason: AbortReason | undefined = undefined;
  readonly reason = undefined;
  readonly deadline: number;
  private readonly list: DeadlineList;
  private previous: Control | undefined = undefined;
  private next: Control | undefined = undefined;
  private linked = true;
  private listener: (() => void) | undefined = undefined;
  private listeners: (() => void)[] | undefined = undefined;
  private settle: ((error: Error) => void) | undefined = undefined;
  private callerSignal: AbortSignal | undefined;
  private onCallerAbort: (() => void) | undefined = undefined;
  private onRelease: (() => void) | undefined;

  constructor(
    list: DeadlineList,
    deadline: number,
    callerSignal: AbortSignal | undefined,
    onRelease: (() => void) | undefined,
  ) {
    this.list = list;
    this.onRelease = onRelease;
    this.deadline = deadline;
    this.previous = list.tail;
    if (list.tail === undefined) list.head = this;
    else list.tail.next = this;
    list.tail = this;
    this.callerSignal = callerSignal;
    if (callerSignal !== undefined) {
      this.onCallerAbort = () => this.abort('caller');
      callerSignal.addEventListener('abort', this.onCallerAbort, { once: true });
    }
  }

  on(_event: string, listener: () => void): this {
    if (this.listener === undefined) this.listener = listener;
    else if (this.listeners === undefined) this.listeners = [listener];
    else this.listeners.push(listener);
    return this;
  }

  once(event: string, listener: () => void): this {
    // Abort fires at most once per control, so every listener is a once-listener.
    return this.on(event, listener);
  }

  removeListener(_event: string, listener: () => void): this {
    if (this.listener === listener) this.listener = undefined;
    else if (this.listeners !== undefined) {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    }
    return this;
  }

  settleOnAbort(reject: (error: Error) => void): void {
    if (this.aborted) reject(abortError(this.abortReason));
    else this.settle = reject;
  }

  abort(reason: AbortReason): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.endDeadline();
    const { listener, listeners, settle } = this;
    this.listener = undefined;
    this.listeners = undefined;
    this.settle = undefined;
    listener?.();
    if (listeners !== undefined) for (const each of listeners) each();
    settle?.(abortError(reason));
  }

  endDeadline(): void {
    if (!this.linked) return;
    this.linked = false;
    const { list, previous, next } = this;
    if (previous === undefined) list.head = next;
    else previous.next = next;
    if (next === undefined) list.tail = previous;
    else next.previous = previous;
    this.previous = undefined;
    this.next = undefined;
  }

  release(): void {
    this.endDeadline();
    this.settle = undefined;
    if (this.onRelease !== undefined) {
      const onRelease = this.onRelease;
      this.onRelease = undefined;
      onRelease();
    }
    if (this.onCallerAbort !== undefined) {
      this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
      this.onCallerAbort = undefined;
      this.callerSignal = undefined;
    }
  }
}

function abortError(reason: AbortReason | undefined): Error {
  const error = new Error(reason === 'timeout' ? 'the call timed out' : 'the call was aborted');
  error.name = 'AbortError';
  return error;
}
