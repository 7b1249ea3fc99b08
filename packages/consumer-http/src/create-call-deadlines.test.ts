import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type CallDeadlines, createCallDeadlines } from './create-call-deadlines.js';

// The clock is faked (timers and performance.now), so the deadlines are exact and no test waits.
const sleep = (ms: number) => vi.advanceTimersByTime(ms);
let deadlines: CallDeadlines | undefined;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  deadlines?.close();
  deadlines = undefined;
  vi.useRealTimers();
});

describe('createCallDeadlines', () => {
  test('a call past its budget is aborted once, with reason timeout; a released one never is', () => {
    deadlines = createCallDeadlines({ timeoutMs: 200 });
    const fired: string[] = [];
    const slow = deadlines.start(undefined).once('abort', () => fired.push('slow'));
    const quick = deadlines.start(undefined).once('abort', () => fired.push('quick'));
    quick.release();
    sleep(120);
    const later = deadlines.start(undefined).once('abort', () => fired.push('later'));
    sleep(79);
    expect(slow.aborted).toBe(false);
    sleep(1); // 200 ms: the first deadline, exactly
    expect(fired).toEqual(['slow']);
    expect(slow.abortReason).toBe('timeout');
    expect(quick.aborted).toBe(false);
    sleep(119);
    expect(fired).toEqual(['slow']);
    sleep(1); // 320 ms: the later one's
    expect(fired).toEqual(['slow', 'later']);
    expect(later.abortReason).toBe('timeout');
  });

  test('a removed listener is not called', () => {
    deadlines = createCallDeadlines({ timeoutMs: 20 });
    const calls: string[] = [];
    const first = () => calls.push('first');
    const second = () => calls.push('second');
    const control = deadlines.start(undefined).on('abort', first).on('abort', second);
    control.removeListener('abort', first);
    sleep(50);
    expect(calls).toEqual(['second']);
  });

  test('the caller signal aborts with reason caller, until the call is released', () => {
    deadlines = createCallDeadlines({ timeoutMs: 10_000 });
    const caller = new AbortController();
    let fired = 0;
    const control = deadlines.start(caller.signal).once('abort', () => fired++);
    caller.abort();
    expect(control.aborted).toBe(true);
    expect(control.abortReason).toBe('caller');
    expect(fired).toBe(1);

    const other = new AbortController();
    const released = deadlines.start(other.signal).once('abort', () => fired++);
    released.release();
    other.abort();
    expect(released.aborted).toBe(false);
    expect(fired).toBe(1);
  });

  test('after endDeadline the clock no longer applies but the caller still aborts (streams)', () => {
    deadlines = createCallDeadlines({ timeoutMs: 20 });
    const caller = new AbortController();
    const control = deadlines.start(caller.signal);
    control.endDeadline();
    sleep(50);
    expect(control.aborted).toBe(false);
    caller.abort();
    expect(control.abortReason).toBe('caller');
  });

  test('close stops the clock', () => {
    deadlines = createCallDeadlines({ timeoutMs: 20 });
    const control = deadlines.start(undefined);
    deadlines.close();
    sleep(50);
    expect(control.aborted).toBe(false);
  });
});
