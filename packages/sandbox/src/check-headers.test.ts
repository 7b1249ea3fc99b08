import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './create-sandbox.js';
import { call } from './test-support.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('request headers', () => {
  it('accepts the key as x-api-key or as Authorization: Bearer', async () => {
    sandbox = await createSandbox();
    const viaHeader = await call(sandbox, { path: '/v1/sessions' });
    const viaBearer = await call(sandbox, {
      path: '/v1/sessions',
      headers: { 'x-api-key': undefined, authorization: 'Bearer sk-ant-sandbox' },
    });
    expect(viaHeader.status).toBe(200);
    expect(viaBearer.status).toBe(200);
  });

  it('answers a missing key with 401 authentication_error', async () => {
    sandbox = await createSandbox();
    const response = await call(sandbox, { path: '/v1/sessions', headers: { 'x-api-key': undefined } });
    expect(response.status).toBe(401);
    expect(response.json.error).toEqual({
      type: 'authentication_error',
      message: 'x-api-key header is required (or send "Authorization: Bearer <key>")',
    });
  });

  it('answers a wrong key with 401 and never echoes it', async () => {
    sandbox = await createSandbox();
    for (const headers of [
      { 'x-api-key': 'sk-ant-wrong-secret' },
      { 'x-api-key': undefined, authorization: 'Bearer sk-ant-wrong-secret' },
      { 'x-api-key': undefined, authorization: 'Basic sk-ant-wrong-secret' },
      { 'x-api-key': '   ' },
    ]) {
      const response = await call(sandbox, { path: '/v1/sessions', headers });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.json.error.type).toBe('authentication_error');
      expect(JSON.stringify(response.json)).not.toContain('wrong-secret');
    }
  });

  it('checks the key set in options, and accepts any non-empty key with apiKey: null', async () => {
    sandbox = await createSandbox({ apiKey: 'custom-key' });
    expect((await call(sandbox, { path: '/v1/sessions' })).status).toBe(401);
    expect(
      (await call(sandbox, { path: '/v1/sessions', headers: { 'x-api-key': 'custom-key' } })).status,
    ).toBe(200);
    await sandbox.close();

    sandbox = await createSandbox({ apiKey: null });
    expect((await call(sandbox, { path: '/v1/sessions', headers: { 'x-api-key': 'anything' } })).status).toBe(
      200,
    );
    expect((await call(sandbox, { path: '/v1/sessions', headers: { 'x-api-key': undefined } })).status).toBe(
      401,
    );
  });

  it('requires anthropic-version and accepts 2023-06-01 and 2026-10-21', async () => {
    sandbox = await createSandbox();
    const missing = await call(sandbox, {
      path: '/v1/sessions',
      headers: { 'anthropic-version': undefined },
    });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toEqual({
      type: 'invalid_request_error',
      message: 'anthropic-version: header is required; send "anthropic-version: 2023-06-01"',
    });
    const wrong = await call(sandbox, {
      path: '/v1/sessions',
      headers: { 'anthropic-version': '2020-01-01' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.message).toBe(
      'anthropic-version: unsupported version "2020-01-01"; use one of 2023-06-01, 2026-10-21',
    );
    const newer = await call(sandbox, {
      path: '/v1/sessions',
      headers: { 'anthropic-version': '2026-10-21' },
    });
    expect(newer.status).toBe(200);
  });

  it('requires the managed-agents beta flag, naming the header', async () => {
    sandbox = await createSandbox();
    for (const beta of [undefined, '', 'files-api-2025-04-14', 'managed-agents-2025-01-01']) {
      const response = await call(sandbox, { path: '/v1/sessions', headers: { 'anthropic-beta': beta } });
      expect(response.status, String(beta)).toBe(400);
      expect(response.json.error.type).toBe('invalid_request_error');
      expect(response.json.error.message).toMatch(/^anthropic-beta: .*managed-agents-2026-04-01/);
    }
  });

  it('finds the beta flag in a comma-separated list, trimming spaces', async () => {
    sandbox = await createSandbox();
    for (const beta of [
      'files-api-2025-04-14,managed-agents-2026-04-01',
      ' files-api-2025-04-14 , managed-agents-2026-04-01 ',
    ]) {
      const response = await call(sandbox, { path: '/v1/sessions', headers: { 'anthropic-beta': beta } });
      expect(response.status, beta).toBe(200);
    }
  });

  it('checks credentials before the version and beta headers', async () => {
    sandbox = await createSandbox();
    const response = await call(sandbox, {
      path: '/v1/sessions',
      headers: { 'x-api-key': undefined, 'anthropic-version': undefined, 'anthropic-beta': undefined },
    });
    expect(response.status).toBe(401);
  });

  it('checks headers on every endpoint, the stream included', async () => {
    sandbox = await createSandbox();
    for (const path of [
      '/v1/sessions/sesn_x',
      '/v1/sessions/sesn_x/events',
      '/v1/sessions/sesn_x/events/stream',
    ]) {
      const response = await call(sandbox, { path, headers: { 'anthropic-beta': undefined } });
      expect(response.status, path).toBe(400);
    }
  });

  it('ignores the ?beta=true that older SDKs append', async () => {
    sandbox = await createSandbox();
    const response = await call(sandbox, { path: '/v1/sessions?beta=true' });
    expect(response.status).toBe(200);
  });
});
