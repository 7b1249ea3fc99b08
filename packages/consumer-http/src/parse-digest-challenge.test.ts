import { describe, expect, test } from 'vitest';
import { createDigestAuthorization } from './create-digest-authorization.js';
import { parseDigestChallenge } from './parse-digest-challenge.js';

// RFC 7616 section 3.9.1
const rfc7616 = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};

describe('parseDigestChallenge', () => {
  test('picks the strongest of several challenges in one header, skipping other schemes', () => {
    const header =
      `Basic realm="x", Digest realm="${rfc7616.realm}", qop="auth, auth-int", algorithm=MD5, ` +
      `nonce="${rfc7616.nonce}", opaque="${rfc7616.opaque}", ` +
      `Digest realm="${rfc7616.realm}", qop="auth", algorithm=SHA-256, nonce="${rfc7616.nonce}", opaque="${rfc7616.opaque}", stale=TRUE`;
    expect(parseDigestChallenge(header)).toEqual({
      realm: rfc7616.realm,
      nonce: rfc7616.nonce,
      opaque: rfc7616.opaque,
      algorithm: 'SHA-256',
      qop: ['auth'],
      stale: true,
    });
  });

  test('several header lines, quoted escapes, defaults', () => {
    expect(parseDigestChallenge(['Bearer realm="a"', 'Digest realm="r \\"q\\"", nonce=abc'])).toEqual({
      realm: 'r "q"',
      nonce: 'abc',
      algorithm: 'MD5',
      qop: [],
      stale: false,
    });
  });

  test('no usable challenge', () => {
    expect(parseDigestChallenge(undefined)).toBeUndefined();
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", algorithm=SHA-512-256')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x"')).toBeUndefined();
  });
});

describe('createDigestAuthorization', () => {
  const base = {
    username: rfc7616.username,
    password: rfc7616.password,
    method: 'GET',
    uri: '/dir/index.html',
    nc: 1,
    cnonce: rfc7616.cnonce,
  };
  const challenge = {
    realm: rfc7616.realm,
    nonce: rfc7616.nonce,
    opaque: rfc7616.opaque,
    qop: ['auth', 'auth-int'],
    stale: false,
  };

  test('RFC 7616 MD5 vector', () => {
    const header = createDigestAuthorization({ ...base, challenge: { ...challenge, algorithm: 'MD5' } });
    expect(header).toContain('response="8ca523f5e9506fed4657c9700eebdbec"');
    expect(header).toContain('qop=auth, nc=00000001');
    expect(header).toContain(`opaque="${rfc7616.opaque}"`);
  });

  test('RFC 7616 SHA-256 vector', () => {
    const header = createDigestAuthorization({ ...base, challenge: { ...challenge, algorithm: 'SHA-256' } });
    expect(header).toContain('response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"');
    expect(header).toContain('algorithm=SHA-256');
  });

  test('RFC 2617 vector', () => {
    const header = createDigestAuthorization({
      username: 'Mufasa',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nc: 1,
      cnonce: '0a4f113b',
      challenge: {
        realm: 'testrealm@host.com',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        opaque: '5ccc069c403ebaf9f0171e9517f40e41',
        algorithm: 'MD5',
        qop: ['auth', 'auth-int'],
        stale: false,
      },
    });
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
  });

  test('auth-int only when it is the only qop; no qop at all is the RFC 2069 form', () => {
    const intOnly = createDigestAuthorization({
      ...base,
      body: new TextEncoder().encode('{}'),
      challenge: { ...challenge, qop: ['auth-int'], algorithm: 'MD5' },
    });
    expect(intOnly).toContain('qop=auth-int');
    const legacy = createDigestAuthorization({
      ...base,
      challenge: { ...challenge, qop: [], algorithm: 'MD5' },
    });
    expect(legacy).not.toContain('qop=');
    expect(legacy).not.toContain('cnonce=');
  });

  test('an unknown qop is refused with the supported ones', () => {
    expect(() =>
      createDigestAuthorization({
        ...base,
        challenge: { ...challenge, qop: ['auth-conf'], algorithm: 'MD5' },
      }),
    ).toThrow(/auth-conf.*supported are auth and auth-int/);
  });
});
