import { expect, test } from 'vitest';
import { formatUrlHost } from './format-url-host.js';

test('brackets IPv6 literals once and leaves names and IPv4 addresses alone', () => {
  expect(formatUrlHost('::1')).toBe('[::1]');
  expect(formatUrlHost('fe80::1%lo0')).toBe('[fe80::1%lo0]');
  expect(formatUrlHost('[::1]')).toBe('[::1]');
  expect(formatUrlHost('127.0.0.1')).toBe('127.0.0.1');
  expect(formatUrlHost('localhost')).toBe('localhost');
});
