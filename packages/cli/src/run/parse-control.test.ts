import { expect, test } from 'vitest';
import { parseControl } from './parse-control.js';

test('reads a port, a host and port, and a bracketed IPv6 address', () => {
  expect(parseControl('9091')).toEqual({ port: 9091 });
  expect(parseControl('0')).toEqual({ port: 0 });
  expect(parseControl('0.0.0.0:9091')).toEqual({ address: '0.0.0.0', port: 9091 });
  expect(parseControl('localhost:80')).toEqual({ address: 'localhost', port: 80 });
  expect(parseControl('[::]:9091')).toEqual({ address: '::', port: 9091 });
});

test('refuses anything else, naming the flag and the form', () => {
  for (const bad of ['', 'x', '70000', 'host:', ':9091', '::1:9091', '9091:host']) {
    expect(() => parseControl(bad), bad).toThrow(/^--control expects \[host:\]port .*got '/);
  }
});
