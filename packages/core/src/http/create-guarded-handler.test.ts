import { createServer, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import type { LogFields, Logger } from '../extension.js';
import { createInboundAuth } from '../inbound-auth.js';
import { compileTemplate } from '../template.js';
import { startAuthorizationServer } from '../testing/start-authorization-server.js';
import { type CreateGuardedHandlerOptions, createGuardedHandler } from './create-guarded-handler.js';
import { type HttpListener, listenHttpServer } from './listen-http-server.js';
import { sendJson } from './send-json.js';

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

let listener: HttpListener | undefined;
const logged: { message: string; fields?: LogFields }[] = [];
const logger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message, fields) => logged.push({ message, ...(fields ? { fields } : {}) }),
};

afterEach(async () => {
  await listener?.close();
  listener = undefined;
  logged.length = 0;
});

async function start(options: Partial<CreateGuardedHandlerOptions> = {}): Promise<string> {
  const handler = createGuardedHandler({
    address: '127.0.0.1',
    name: 'skill catalog',
    place: 'skill "catalog"',
    logger,
    handle: (_request, response) => sendJson(response, 200, { ok: true }),
    ...options,
  });
  listener = await listenHttpServer({
    server: createServer(handler),
    address: '127.0.0.1',
    port: 0,
    place: 'test',
    portKey: 'test',
    data: { type: 'test' },
  });
  return listener.url;
}

/** A GET with a chosen Host header (fetch does not let tests set it); rejects on a cut connection. */
function get(url: string, headers: Record<string, string> = {}, path = '/x'): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sent = httpRequest({ host: hostname, port, path, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('createGuardedHandler', () => {
  test('a request to a loopback name reaches the handler', async () => {
    const url = await start();
    for (const host of ['localhost', new URL(url).host, '[::1]:1']) {
      const answer = await get(url, { host });
      expect(answer.status, host).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ ok: true });
    }
  });

  test('a foreign Host on a loopback bind is refused before the handler runs', async () => {
    let reached = false;
    const url = await start({
      handle: () => {
        reached = true;
      },
    });
    const answer = await get(url, { host: 'evil.example:80' });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({
      error: 'forbidden',
      message:
        'Host "evil.example:80" is not a name of this server (localhost, 127.0.0.1, [::1]); to serve it, start naftiko with --allowed-host evil.example.',
    });
    expect(reached).toBe(false);
  });

  test('inbound authentication guards every request and names the server', async () => {
    const auth = createInboundAuth({
      authentication: { type: 'bearer', token: '{{TOKEN}}' },
      compileTemplate,
      bindings: { flat: { TOKEN: 'catalog-token-1' }, byNamespace: {} },
      place: 'skill "catalog"',
    });
    const url = await start({ auth });
    const refused = await get(url, { authorization: 'Bearer wrong' });
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer realm="naftiko"');
    expect(JSON.parse(refused.body)).toEqual({
      error: 'unauthorized',
      message: 'Missing or invalid credentials for the skill catalog.',
    });
    expect((await get(url, { authorization: 'Bearer catalog-token-1' })).status).toBe(200);
  });

  test('oauth2: metadata without a token, 401 pointing at it, a valid token reaches the handler', async () => {
    const as = await startAuthorizationServer({
      clients: [{ clientId: 'agent', clientSecret: 'agent-secret', scope: 'skills:read' }],
      scopes: ['skills:read'],
    });
    try {
      const resource = 'https://skills.example.com/skills';
      const auth = createInboundAuth({
        authentication: {
          type: 'oauth2',
          authorizationServerUri: as.issuer,
          resource,
          scopes: ['skills:read'],
        },
        compileTemplate,
        bindings: { flat: {}, byNamespace: {} },
        place: 'skill "catalog"',
      });
      const url = await start({ auth });
      const metadata = await get(url, {}, '/.well-known/oauth-protected-resource/skills');
      expect(metadata.status).toBe(200);
      expect(JSON.parse(metadata.body)).toMatchObject({ resource, authorization_servers: [as.issuer] });
      const refused = await get(url, { authorization: 'Bearer not-a-token' });
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toMatch(
        /^Bearer error="invalid_token", error_description="the token is not a valid signed JWT", resource_metadata="https:\/\/skills\.example\.com\/\.well-known\/oauth-protected-resource\/skills"$/,
      );
      expect(JSON.parse(refused.body).message).toBe(
        'Missing or invalid credentials for the skill catalog: invalid access token: the token is not a valid signed JWT.',
      );
      const token = await as.token({ clientId: 'agent', clientSecret: 'agent-secret', resource });
      expect((await get(url, { authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      await as.close();
    }
  });

  test('a failing handler is logged and answered 500 without detail', async () => {
    const url = await start({
      handle: () => {
        throw new Error('disk on fire at /srv/secret');
      },
    });
    const answer = await get(url);
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({
      error: 'internal',
      message: 'The skill catalog failed; see the engine log.',
    });
    expect(logged).toHaveLength(1);
    expect(logged[0]?.message).toBe('skill "catalog": request failed');
    expect(logged[0]?.fields?.path).toBe('/x');
    expect(String(logged[0]?.fields?.error)).toContain('disk on fire');
  });

  test('a handler failing after the headers went out cuts the connection', async () => {
    const url = await start({
      handle: async (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('partial');
        await new Promise((resolve) => setTimeout(resolve, 10));
        throw new Error('stream broke');
      },
    });
    await expect(get(url)).rejects.toThrow(/aborted|socket hang up/);
    expect(logged.map((entry) => entry.message)).toEqual(['skill "catalog": request failed']);
  });
});
