import { describe, expect, it } from 'vitest';
import { createHostCheck, isLoopbackAddress } from './check-host.js';

describe('createHostCheck', () => {
  it('accepts only the loopback names, on any port, for a loopback bind', () => {
    const check = createHostCheck({ address: '127.0.0.1' });
    expect(check.enforced).toBe(true);
    for (const host of ['localhost', 'LOCALHOST:9090', '127.0.0.1:1', '[::1]', '[::1]:9090']) {
      expect(check.check({ host }), host).toEqual({ ok: true });
    }
    for (const host of ['evil.example.com', 'evil.example.com:9090', '127.0.0.2', 'localhost.evil.com', '']) {
      expect(check.check({ host }).ok, host).toBe(false);
    }
    expect(check.check({})).toEqual({ ok: false, message: 'Invalid Host header: (none)' });
  });

  it('checks Origin against the accepted hosts unless origins are listed', () => {
    const check = createHostCheck({ address: 'localhost', allowedOrigins: ['https://app.example.com/'] });
    expect(check.check({ host: 'localhost', origin: 'http://localhost:5173' })).toEqual({ ok: true });
    expect(check.check({ host: 'localhost', origin: 'https://app.example.com' })).toEqual({ ok: true });
    expect(check.check({ host: 'localhost', origin: 'http://evil.example.com' })).toEqual({
      ok: false,
      message: 'Invalid Origin header: http://evil.example.com',
    });
    expect(check.check({ host: 'localhost', origin: 'null' }).ok).toBe(false);
  });

  it('pins the port of a configured host:port and accepts any port of a bare name', () => {
    const check = createHostCheck({
      address: '10.0.0.5',
      allowedHosts: ['mcp.internal:8443', 'api.example.com'],
    });
    expect(check.check({ host: '10.0.0.5:9090' })).toEqual({ ok: true });
    expect(check.check({ host: 'mcp.internal:8443' })).toEqual({ ok: true });
    expect(check.check({ host: 'mcp.internal:8444' }).ok).toBe(false);
    expect(check.check({ host: 'api.example.com:1' })).toEqual({ ok: true });
    expect(check.check({ host: 'localhost' }).ok).toBe(false);
  });

  it('does not check Host on a wildcard bind without allowed hosts', () => {
    const open = createHostCheck({ address: '0.0.0.0' });
    expect(open.enforced).toBe(false);
    expect(open.check({ host: 'anything', origin: 'http://anywhere' })).toEqual({ ok: true });
    const pinned = createHostCheck({ address: '::', allowedHosts: ['mcp.example.com'] });
    expect(pinned.check({ host: 'mcp.example.com' })).toEqual({ ok: true });
    expect(pinned.check({ host: 'evil.example.com' }).ok).toBe(false);
  });
});

describe('isLoopbackAddress', () => {
  it('knows the loopback forms', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'].every(isLoopbackAddress)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com'].some(isLoopbackAddress)).toBe(false);
  });
});
