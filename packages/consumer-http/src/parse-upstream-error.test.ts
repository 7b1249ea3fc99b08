import { describe, expect, test } from 'vitest';
import { MAX_ERROR_MESSAGE_CHARS, parseUpstreamError } from './parse-upstream-error.js';

describe('parseUpstreamError', () => {
  test('the Anthropic envelope', () => {
    expect(
      parseUpstreamError(
        JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'session not found' } }),
      ),
    ).toEqual({ errorType: 'not_found_error', message: 'session not found' });
  });

  test.each([
    [
      { error: { code: 'invalid_api_key', message: 'bad key' } },
      { errorType: 'invalid_api_key', message: 'bad key' },
    ],
    [
      { error: 'invalid_grant', error_description: 'expired' },
      { errorType: 'invalid_grant', message: 'expired' },
    ],
    [
      { message: 'Not Found', code: 404 },
      { errorType: '404', message: 'Not Found' },
    ],
    [{ errors: [{ message: 'a', code: 'x' }, { message: 'b' }] }, { errorType: 'x', message: 'a; b' }],
    [
      { type: 'https://example.com/probs/out-of-credit', title: 'Out of credit', detail: 'balance 30' },
      { errorType: 'https://example.com/probs/out-of-credit', message: 'balance 30' },
    ],
  ])('common shape %j', (body, expected) => {
    expect(parseUpstreamError(JSON.stringify(body))).toEqual(expected);
  });

  test('plain text bodies and unknown JSON are kept as the message, capped', () => {
    expect(parseUpstreamError(' Bad Gateway\n')).toEqual({ message: 'Bad Gateway' });
    expect(parseUpstreamError('{"foo":1}')).toEqual({ message: '{"foo":1}' });
    const long = parseUpstreamError('x'.repeat(10_000)).message;
    expect(long.length).toBeLessThan(MAX_ERROR_MESSAGE_CHARS + 20);
    expect(long).toMatch(/\(truncated\)$/);
  });
});
