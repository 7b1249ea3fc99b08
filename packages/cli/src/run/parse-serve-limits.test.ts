import { describe, expect, test } from 'vitest';
import { parseServeLimits } from './parse-serve-limits.js';

describe('parseServeLimits', () => {
  test('--max-sessions is a whole number; --session-idle a duration, bare numbers in seconds', () => {
    expect(parseServeLimits({})).toEqual({});
    expect(parseServeLimits({ maxSessions: '50', sessionIdle: '90' })).toEqual({
      maxSessions: 50,
      sessionIdleMs: 90_000,
    });
    for (const [text, ms] of [
      ['1500ms', 1_500],
      ['45s', 45_000],
      ['30m', 1_800_000],
      ['2h', 7_200_000],
      ['1.5m', 90_000],
    ] as const)
      expect(parseServeLimits({ sessionIdle: text }).sessionIdleMs, text).toBe(ms);
  });

  test('malformed values are usage errors naming the flag and the expected form', () => {
    for (const maxSessions of ['0', '-1', 'ten', '1.5', ''])
      expect(() => parseServeLimits({ maxSessions }), maxSessions).toThrow(
        `--max-sessions ${maxSessions}: expected a whole number of at least 1.`,
      );
    for (const sessionIdle of ['10ms', '30 min', 'soon', '-5s', '100d'])
      expect(() => parseServeLimits({ sessionIdle }), sessionIdle).toThrow(
        `--session-idle ${sessionIdle}: expected a duration from 1s to 24d`,
      );
  });
});
