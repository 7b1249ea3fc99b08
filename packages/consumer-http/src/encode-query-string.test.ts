import { describe, expect, test } from 'vitest';
import { encodeQueryString } from './encode-query-string.js';

describe('encodeQueryString', () => {
  test('empty when nothing is set', () => {
    expect(encodeQueryString([])).toBe('');
    expect(encodeQueryString([{ name: 'a', value: undefined }])).toBe('');
  });

  test('arrays repeat the key, undefined and null are dropped, values are percent-encoded', () => {
    expect(
      encodeQueryString([
        { name: 'statuses[]', value: ['idle', 'running'] },
        { name: 'q', value: 'a b&c=d#e' },
        { name: 'skip', value: undefined },
        { name: 'none', value: null },
        { name: 'limit', value: 20 },
        { name: 'flag', value: false },
      ]),
    ).toBe('?statuses%5B%5D=idle&statuses%5B%5D=running&q=a%20b%26c%3Dd%23e&limit=20&flag=false');
  });

  test('objects are sent as JSON text', () => {
    expect(encodeQueryString([{ name: 'f', value: { a: 1 } }])).toBe('?f=%7B%22a%22%3A1%7D');
  });
});
