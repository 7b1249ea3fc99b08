import { isNaftikoError } from '@naftiko/core';
import { describe, expect, test } from 'vitest';
import { compilePath } from './compile-path.js';

const operation = 'sessions.getsession';

function render(path: string, values: Record<string, unknown>): string {
  return compilePath({ path, operation }).render((name) => values[name]);
}

function renderError(path: string, values: Record<string, unknown>): unknown {
  try {
    render(path, values);
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('compilePath', () => {
  test('single and double brace placeholders, dotted names', () => {
    const compiled = compilePath({ path: '/v1/{a}/x/{{ b }}/{{env.C}}', operation });
    expect(compiled.variables).toEqual(['a', 'b', 'env.C']);
    expect(compiled.render((name) => ({ a: 'sesn_1', b: 2, 'env.C': true })[name])).toBe(
      '/v1/sesn_1/x/2/true',
    );
  });

  test.each([
    ['../admin', '/v1/sessions/..%2Fadmin'],
    ['%2F', '/v1/sessions/%252F'],
    ['x?admin=1', '/v1/sessions/x%3Fadmin%3D1'],
    ['x#frag', '/v1/sessions/x%23frag'],
    ['a b\r\nHost: evil', '/v1/sessions/a%20b%0D%0AHost%3A%20evil'],
    ['@evil.com:80', '/v1/sessions/%40evil.com%3A80'],
    ['é', '/v1/sessions/%C3%A9'],
  ])('%j stays one segment', (value, expected) => {
    const path = render('/v1/sessions/{session_id}', { session_id: value });
    expect(path).toBe(expected);
    expect(new URL(`http://127.0.0.1${path}`).host).toBe('127.0.0.1');
    expect(new URL(`http://127.0.0.1${path}`).pathname).toBe(expected);
  });

  test.each([
    [{}, /the path parameter 'session_id' is missing/],
    [{ session_id: null }, /is missing/],
    [{ session_id: '' }, /must not be ""/],
    [{ session_id: '.' }, /must not be "\."/],
    [{ session_id: '..' }, /must not be "\.\."/],
    [{ session_id: { a: 1 } }, /must be a string or a number, not a object/],
    [{ session_id: ['a'] }, /not an array/],
  ])('%j is refused naming the parameter', (values, message) => {
    const error = renderError('/v1/sessions/{session_id}', values);
    expect(isNaftikoError(error, 'REQUEST_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/^sessions\.getsession: /);
    expect((error as { data: unknown }).data).toEqual({ operation, parameter: 'session_id' });
  });

  test('unbalanced braces are a load-time error', () => {
    expect(() => compilePath({ path: '/v1/{oops', operation })).toThrow(/unbalanced/);
  });
});
