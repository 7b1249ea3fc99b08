import { expect, it } from 'vitest';
import { isUsageError } from '../usage-error.js';
import { parseRunLimits } from './parse-run-limits.js';

it('reads the count flags as positive integers', () => {
  expect(parseRunLimits({})).toEqual({});
  expect(
    parseRunLimits({
      'max-calls': '64',
      'max-session-calls': '4',
      'max-response-bytes': '1048576',
      'max-sessions': '50',
    }),
  ).toEqual({ maxCalls: 64, maxSessionCalls: 4, maxResponseBytes: 1_048_576, maxSessions: 50 });
});

it('reads --session-idle as a duration, a bare number in seconds', () => {
  for (const [text, ms] of [
    ['90', 90_000],
    ['1500ms', 1_500],
    ['45s', 45_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1.5m', 90_000],
  ] as const)
    expect(parseRunLimits({ 'session-idle': text }).sessionIdleMs, text).toBe(ms);
});

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(isUsageError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

it('refuses anything else, naming the flag and the expected form', () => {
  for (const [flag, value] of [
    ['max-calls', '0'],
    ['max-session-calls', '-1'],
    ['max-response-bytes', '10MB'],
    ['max-sessions', '1.5'],
    ['max-sessions', 'ten'],
    ['max-sessions', ''],
  ] as const)
    expect(usageMessage(() => parseRunLimits({ [flag]: value }))).toBe(
      `--${flag} must be a positive integer, got '${value}'.`,
    );
  for (const value of ['10ms', '30 min', 'soon', '-5s', '100d'])
    expect(usageMessage(() => parseRunLimits({ 'session-idle': value }))).toBe(
      `--session-idle must be a duration from 1s to 24d, such as 90s, 30m or 2h (a bare number is seconds), got '${value}'.`,
    );
});
