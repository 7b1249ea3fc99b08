import { NaftikoError } from '@naftiko/core';

export interface CreateConsumerLoadOptions {
  /** Most upstream calls in flight at once (streams count until they close). */
  maxCalls: number;
  /** Most bytes of upstream bodies being buffered at once (JSON, text; streams are pulled, not buffered). */
  maxBufferedBytes: number;
}

/** One call's share of the buffered-bytes budget. */
export interface BodyLease {
  /** Takes `bytes` more, or throws BUSY (the caller destroys the body). */
  take(bytes: number): void;
  /** Gives back everything taken; safe to call twice. */
  release(): void;
}

/**
 * What every namespace of one http consumer has in flight, so a burst of calls or of large
 * answers fails fast with BUSY instead of queueing without end in undici or buffering more than
 * the heap holds (an answer costs several times its size while it is read and parsed: see the README).
 */
export interface ConsumerLoad {
  readonly calls: number;
  readonly bufferedBytes: number;
  /** Counts a call in, or throws BUSY; `done` (called once) counts it out. */
  enter(operation: string): void;
  done(): void;
  lease(operation: string): BodyLease;
}

export const BUSY_RETRY_AFTER_SECONDS = 1;

export function createConsumerLoad({ maxCalls, maxBufferedBytes }: CreateConsumerLoadOptions): ConsumerLoad {
  let calls = 0;
  let bufferedBytes = 0;
  const load: ConsumerLoad = {
    get calls() {
      return calls;
    },
    get bufferedBytes() {
      return bufferedBytes;
    },
    enter(operation) {
      if (calls >= maxCalls) {
        throw busyError(
          `${operation}: ${maxCalls} upstream calls are already in flight; retry shortly (the limit is the http consumer's maxConcurrentCalls, \`naftiko run --max-calls\`)`,
          { limit: maxCalls, scope: 'calls', operation },
        );
      }
      calls += 1;
    },
    done() {
      calls -= 1;
    },
    lease(operation) {
      let taken = 0;
      return {
        take(bytes) {
          if (bufferedBytes + bytes > maxBufferedBytes) {
            throw busyError(
              `${operation}: ${maxBufferedBytes} bytes of upstream answers are already being read; retry shortly (the limit is the http consumer's maxBufferedBytes)`,
              { limit: maxBufferedBytes, scope: 'bytes', operation },
            );
          }
          bufferedBytes += bytes;
          taken += bytes;
        },
        release() {
          bufferedBytes -= taken;
          taken = 0;
        },
      };
    },
  };
  return load;
}

function busyError(message: string, data: Record<string, unknown>): NaftikoError {
  return new NaftikoError('BUSY', message, { data: { ...data, retryAfter: BUSY_RETRY_AFTER_SECONDS } });
}
