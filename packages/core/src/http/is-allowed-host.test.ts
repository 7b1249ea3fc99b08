import { describe, expect, test } from 'vitest';
import { isAllowedHost, isLoopbackAddress } from './is-allowed-host.js';

describe('isLoopbackAddress', () => {
  test('127/8, ::1 and localhost are loopback; wildcard and other addresses are not', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LocalHost'])
      expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['0.0.0.0', '::', '10.0.0.1', '127.0.0.1.example.com', 'example.com'])
      expect(isLoopbackAddress(address), address).toBe(false);
  });
});

describe('isAllowedHost', () => {
  test('a loopback bind answers loopback names, with or without a port', () => {
    for (const host of [
      'localhost',
      'localhost:9091',
      '127.0.0.1:80',
      '[::1]:9091',
      '[::1]',
      ' LOCALHOST:1 ',
    ])
      expect(isAllowedHost('127.0.0.1', host), host).toBe(true);
    expect(isAllowedHost('::1', 'localhost:9091')).toBe(true);
  });

  test('a loopback bind refuses rebinding names and requests without Host', () => {
    for (const host of [
      'evil.example',
      'evil.example:9091',
      'localhost.evil.example',
      '127.0.0.2',
      '[::2]:1',
      '',
    ])
      expect(isAllowedHost('127.0.0.1', host), host).toBe(false);
    expect(isAllowedHost('localhost', undefined)).toBe(false);
  });

  test('other binds are reachable by any name (authentication guards them)', () => {
    expect(isAllowedHost('0.0.0.0', 'evil.example')).toBe(true);
    expect(isAllowedHost('10.0.0.5', undefined)).toBe(true);
  });
});
