import { expect, it } from 'vitest';
import { isUsageError } from '../usage-error.js';
import { parseRunLimits } from './parse-run-limits.js';

it('reads the limit flags as positive integers', () => {
  expect(parseRunLimits({})).toEqual({});
  expect(
    parseRunLimits({ 'max-calls': '64', 'max-session-calls': '4', 'max-response-bytes': '1048576' }),
  ).toEqual({ maxCalls: 64, maxSessionCalls: 4, maxResponseBytes: 1_048_576 });
});

it('refuses anything else, naming the flag', () => {
  for (const [flag, value] of [
    ['max-calls', '0'],
    ['max-session-calls', '-1'],
    ['max-response-bytes', '10MB'],
  ] as const) {
    let error: unknown;
    try {
      parseRunLimits({ [flag]: value });
    } catch (caught) {
      error = caught;
    }
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toBe(`--${flag} must be a positive integer, got '${value}'.`);
  }
});
