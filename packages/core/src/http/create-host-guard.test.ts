import { describe, expect, test } from 'vitest';
import { createHostGuard, type GuardedRequest, isLoopbackAddress } from './create-host-guard.js';

/** A request as node:http parses it: `headers` keeps the first Host, `rawHeaders` all of them. */
function request(...pairs: [string, string][]): GuardedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) headers[name.toLowerCase()] ??= value;
  return { headers, rawHeaders: pairs.flat() };
}

describe('isLoopbackAddress', () => {
  test('127/8, ::1 and localhost are loopback; wildcard and other addresses are not', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LocalHost'])
      expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['0.0.0.0', '::', '10.0.0.1', '127.0.0.1.example.com', 'example.com'])
      expect(isLoopbackAddress(address), address).toBe(false);
  });
});

describe('createHostGuard', () => {
  test('loopback names are answered, with or without a port, in any case', () => {
    const guard = createHostGuard({ address: '127.0.0.1' });
    for (const host of ['localhost', 'localhost:9091', '127.0.0.1:80', '[::1]:9091', '[::1]', 'LOCALHOST:1'])
      expect(guard.check(request(['Host', host])), host).toBeUndefined();
  });

  test('a DNS-rebinding Host is refused with 403 naming --allowed-host', () => {
    const guard = createHostGuard({ address: '127.0.0.1' });
    expect(guard.check(request(['Host', 'evil.example:8787']))).toEqual({
      status: 403,
      message:
        'Host "evil.example:8787" is not a name of this server (localhost, 127.0.0.1, [::1]); to serve it, start naftiko with --allowed-host evil.example.',
    });
    for (const host of ['localhost.evil.example', '127.0.0.2', '[::2]:1', 'localhost@evil.example'])
      expect(guard.check(request(['Host', host]))?.status, host).toBe(403);
  });

  test('a wildcard bind still checks Host: loopback names plus the allowed hosts', () => {
    const open = createHostGuard({ address: '0.0.0.0' });
    expect(open.check(request(['Host', 'localhost:8787']))).toBeUndefined();
    expect(open.check(request(['Host', 'evil.example']))?.message).toContain('--allowed-host evil.example');
    const allowed = createHostGuard({
      address: '::',
      allowedHosts: ['gateway.example', 'pinned.example:8443'],
    });
    expect(allowed.check(request(['Host', 'Gateway.Example:1234']))).toBeUndefined();
    expect(allowed.check(request(['Host', 'pinned.example:8443']))).toBeUndefined();
    expect(allowed.check(request(['Host', 'pinned.example:9999']))?.status).toBe(403);
    expect(allowed.check(request(['Host', 'evil.example']))?.status).toBe(403);
  });

  test('a specific non-loopback bind answers its own address too', () => {
    const guard = createHostGuard({ address: '10.0.0.5' });
    expect(guard.check(request(['Host', '10.0.0.5:8787']))).toBeUndefined();
    expect(guard.check(request(['Host', 'evil.example']))?.status).toBe(403);
  });

  test('a missing Host is 400; two Host headers are 400 even when the first is allowed', () => {
    const guard = createHostGuard({ address: '127.0.0.1' });
    expect(guard.check(request())).toEqual({ status: 400, message: 'A Host header is required (HTTP/1.1).' });
    expect(guard.check(request(['Host', 'localhost'], ['host', 'evil.example']))).toEqual({
      status: 400,
      message: 'More than one Host header; send exactly one.',
    });
    // The accepted-Host cache must not skip the duplicate check.
    expect(guard.check(request(['Host', 'localhost']))).toBeUndefined();
    expect(guard.check(request(['Host', 'localhost'], ['HOST', 'localhost']))?.status).toBe(400);
  });

  test('a foreign Origin is refused; an Origin on an answered name or listed exactly is not', () => {
    const guard = createHostGuard({
      address: '127.0.0.1',
      allowedHosts: ['app.example'],
      allowedOrigins: ['https://console.example/'],
    });
    const host: [string, string] = ['Host', 'localhost:8787'];
    for (const origin of [
      'http://localhost:3000',
      'http://127.0.0.1:8787',
      'https://app.example',
      'https://console.example',
    ])
      expect(guard.check(request(host, ['Origin', origin])), origin).toBeUndefined();
    expect(guard.check(request(host, ['Origin', 'https://evil.example']))).toEqual({
      status: 403,
      message:
        'Origin "https://evil.example" is another site: cross-site requests are refused; to accept a web app on that site, start naftiko with --allowed-host evil.example.',
    });
    for (const origin of ['null', 'file://', 'https://localhost.evil.example', 'https://user@localhost'])
      expect(guard.check(request(host, ['Origin', origin]))?.status, origin).toBe(403);
  });
});
