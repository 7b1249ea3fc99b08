import { describe, expect, test } from 'vitest';
import type { BindingValues } from './binds/binding-values.js';
import { isNaftikoError } from './errors.js';
import { createInboundAuth } from './inbound-auth.js';
import type { InboundAuth, InboundRequest } from './inbound-verdict.js';
import { compileTemplate } from './template.js';

const bindings: BindingValues = {
  flat: { TOKEN: 's3cret-token' },
  byNamespace: { env: { TOKEN: 's3cret-token' } },
};
const base = { compileTemplate, bindings, place: 'control' };
const ok = (auth: InboundAuth, request: InboundRequest): boolean => {
  const verdict = auth.authenticate(request);
  if (verdict instanceof Promise) throw new Error('static credentials are checked synchronously');
  return verdict.ok;
};

describe('createInboundAuth', () => {
  test('bearer accepts only the bound token', () => {
    const auth = createInboundAuth({ ...base, authentication: { type: 'bearer', token: '{{TOKEN}}' } });
    expect(auth.challenge).toBe('Bearer realm="naftiko"');
    expect(ok(auth, { headers: { authorization: 'Bearer s3cret-token' } })).toBe(true);
    expect(ok(auth, { headers: { authorization: 'bearer s3cret-token' } })).toBe(true);
    expect(ok(auth, { headers: { authorization: 'Bearer s3cret-tokeN' } })).toBe(false);
    expect(ok(auth, { headers: { authorization: 'Bearer s3cret-token-and-more' } })).toBe(false);
    expect(ok(auth, { headers: {} })).toBe(false);
    expect(ok(auth, { headers: { authorization: ['Bearer s3cret-token', 'Bearer x'] } })).toBe(false);
  });

  test('basic compares user:password', () => {
    const auth = createInboundAuth({
      ...base,
      authentication: { type: 'basic', username: 'ops', password: '{{env.TOKEN}}' },
    });
    const header = (text: string) => ({
      headers: { authorization: `Basic ${Buffer.from(text).toString('base64')}` },
    });
    expect(ok(auth, header('ops:s3cret-token'))).toBe(true);
    expect(ok(auth, header('ops:wrong'))).toBe(false);
    expect(ok(auth, header('other:s3cret-token'))).toBe(false);
  });

  test('apikey in a header or a query parameter', () => {
    const inHeader = createInboundAuth({
      ...base,
      authentication: { type: 'apikey', key: 'X-Control-Key', value: '{{TOKEN}}', placement: 'header' },
    });
    expect(inHeader.challenge).toBe('ApiKey realm="naftiko", header="X-Control-Key"');
    expect(ok(inHeader, { headers: { 'x-control-key': 's3cret-token' } })).toBe(true);
    expect(ok(inHeader, { headers: { 'x-control-key': 'nope' } })).toBe(false);
    const inQuery = createInboundAuth({
      ...base,
      authentication: { type: 'apikey', key: 'key', value: '{{TOKEN}}', placement: 'query' },
    });
    expect(ok(inQuery, { headers: {}, url: '/status?key=s3cret-token' })).toBe(true);
    expect(ok(inQuery, { headers: {}, url: '/status?key=s3cret-token&key=s3cret-token' })).toBe(false);
    expect(ok(inQuery, { headers: {}, url: '/status' })).toBe(false);
  });

  test('a missing secret or an unsupported type fails at start, naming the place', () => {
    const fail = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(isNaftikoError(error, 'AUTH_UNSUPPORTED')).toBe(true);
        return (error as Error).message;
      }
      throw new Error('expected a failure');
    };
    expect(fail(() => createInboundAuth({ ...base, authentication: { type: 'bearer' } }))).toMatch(
      /^control authentication: `token` is required/,
    );
    expect(
      fail(() =>
        createInboundAuth({ ...base, authentication: { type: 'digest', username: 'a', password: 'b' } }),
      ),
    ).toMatch(/inbound digest authentication is not supported/);
    expect(() =>
      createInboundAuth({ ...base, authentication: { type: 'bearer', token: '{{MISSING}}' } }),
    ).toThrow(/MISSING/);
  });
});
