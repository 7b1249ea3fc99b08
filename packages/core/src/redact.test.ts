import { describe, expect, test } from 'vitest';
import { NaftikoError } from './errors.js';
import { createRedactor, REDACTED, secretForms } from './redact.js';
import { redactError } from './redact-error.js';

describe('createRedactor', () => {
  const redactor = createRedactor({
    values: ['sk-ant-secret-1', 'abc', 'p@ss word/&', 'sk-ant-secret-1-longer'],
  });

  test('replaces every bound value of 4+ characters, longest first', () => {
    expect(redactor.redact('key=sk-ant-secret-1 and sk-ant-secret-1-longer')).toBe(
      `key=${REDACTED} and ${REDACTED}`,
    );
  });

  test('short values are not redacted (they would destroy messages and protect nothing)', () => {
    expect(redactor.redact('abc')).toBe('abc');
  });

  test('URL-encoded and JSON-escaped forms are redacted too', () => {
    expect(redactor.redact('https://x/?key=p%40ss%20word%2F%26')).toBe(`https://x/?key=${REDACTED}`);
    const jsonish = createRedactor({ values: ['quo"te\\'] });
    expect(jsonish.redact(JSON.stringify({ v: 'quo"te\\' }))).toBe(`{"v":"${REDACTED}"}`);
  });

  test('redactValue copies plain data deeply and leaves the input untouched', () => {
    const input = { a: ['x sk-ant-secret-1'], b: { c: 'sk-ant-secret-1' }, n: 4 };
    expect(redactor.redactValue(input)).toEqual({ a: [`x ${REDACTED}`], b: { c: REDACTED }, n: 4 });
    expect(input.b.c).toBe('sk-ant-secret-1');
  });

  test('kept text (our own addresses) is left whole; the text around it is still redacted', () => {
    const host = createRedactor({ values: ['10.0.0.7'], keep: ['http://10.0.0.7:'] });
    expect(host.redact('listening on http://10.0.0.7:9090/mcp, upstream 10.0.0.7')).toBe(
      `listening on http://10.0.0.7:9090/mcp, upstream ${REDACTED}`,
    );
  });

  test('with no secrets it is a no-op', () => {
    const none = createRedactor({ values: ['', 'ab'] });
    expect(none.size).toBe(0);
    expect(none.redact('anything')).toBe('anything');
  });
});

describe('every encoding of a secret', () => {
  const secret = 'p@ss/w0rd+é~key';
  const redactor = createRedactor({ values: [secret] });
  const leaks = (text: string) => redactor.redact(text);

  test.each([
    ['raw', secret],
    ['percent-encoded', encodeURIComponent(secret)],
    [
      'percent-encoded, lower-case hex',
      encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    ],
    ['form-encoded', encodeURIComponent(`${secret} x`).replace(/%20/g, '+')],
    ['JSON-escaped', JSON.stringify(secret)],
    ['JSON with escaped slashes', JSON.stringify(secret).replace(/\//g, '\\/')],
    ['JSON with \\u escapes', JSON.stringify(secret).replace(/é/g, '\\u00e9')],
  ])('%s', (_kind, form) => {
    expect(leaks(`before ${form} after`)).not.toContain(form.replace(/^"|"$/g, '').slice(0, 8));
    expect(leaks(`before ${form} after`)).toContain(REDACTED);
  });

  test('base64 and base64url, alone or inside a larger encoding at any alignment', () => {
    for (const prefix of ['', 'u', 'us', 'usr:']) {
      const bytes = Buffer.from(`${prefix}${secret}!`);
      for (const encoded of [bytes.toString('base64'), bytes.toString('base64url')]) {
        const redacted = leaks(`Authorization: Basic ${encoded}`);
        expect(redacted, `${prefix} ${encoded}`).toContain(REDACTED);
        // What is left of the encoding is at most a group at each end: no 3 secret bytes in a row.
        const rest = redacted.replace('Authorization: Basic ', '').split(REDACTED).join('');
        expect(rest.length).toBeLessThanOrEqual(12);
      }
    }
  });

  test('secretForms lists the wire forms once; pendingSuffix names only a possible secret start', () => {
    expect(new Set(secretForms(secret)).size).toBe(secretForms(secret).length);
    expect(redactor.pendingSuffix('data: "p@ss')).toBe(4);
    expect(redactor.pendingSuffix('data: {"n":2}\n\n')).toBe(0);
  });
});

describe('redactError', () => {
  const redactor = createRedactor({ values: ['sk-ant-secret-1'] });

  test('message, data and cause of a NaftikoError lose their secrets; the code stays', () => {
    const error = new NaftikoError('UPSTREAM_STATUS', 'upstream said: bad key sk-ant-secret-1', {
      data: { message: 'key sk-ant-secret-1 invalid', status: 401 },
      cause: new Error('header x-api-key: sk-ant-secret-1'),
    });
    const redacted = redactError(error, redactor) as NaftikoError;
    expect(redacted).toBeInstanceOf(NaftikoError);
    expect(redacted.code).toBe('UPSTREAM_STATUS');
    expect(redacted.message).toBe(`upstream said: bad key ${REDACTED}`);
    expect(redacted.data).toEqual({ message: `key ${REDACTED} invalid`, status: 401 });
    expect((redacted.cause as Error).message).toBe(`header x-api-key: ${REDACTED}`);
    expect(redacted.stack).not.toContain('sk-ant-secret-1');
  });

  test('an error without secrets is returned as is', () => {
    const error = new NaftikoError('ABORTED', 'aborted');
    expect(redactError(error, redactor)).toBe(error);
  });
});
