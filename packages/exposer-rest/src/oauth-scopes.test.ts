import {
  startAuthorizationServer,
  type TestAuthorizationServer,
} from '@naftiko/core/testing/authorization-server';
import type { ExposesRestSpec } from '@naftiko/spec';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildRestApp } from './build-rest-app.js';
import { startTestEngine, type TestEngine } from './testing/start-test-engine.js';

const RESOURCE = 'https://api.example.com/reports';
let as: TestAuthorizationServer;
let running: TestEngine;
let app: FastifyInstance;

beforeAll(async () => {
  as = await startAuthorizationServer({
    clients: [{ clientId: 'reader', clientSecret: 'reader-secret', scope: 'reports:read reports:write' }],
    scopes: ['reports:read', 'reports:write'],
  });
  running = await startTestEngine({
    yaml: `
naftiko: 1.0.0-alpha2
info: { label: Reports, description: OAuth-protected REST operations }
capability:
  exposes:
    - type: rest
      namespace: api
      port: 8080
      authentication:
        type: oauth2
        authorizationServerUri: ${as.issuer}
        resource: ${RESOURCE}
        scopes: [reports:read, reports:write]
      resources:
        - path: /reports
          operations:
            - method: GET
              name: list-reports
              scopes: [reports:read]
              outputParameters:
                - { type: string, value: 'q1 q2' }
            - method: POST
              name: publish-report
              scopes: [reports:write]
              outputParameters:
                - { type: boolean, value: 'true' }
`,
  });
  app = buildRestApp({
    expose: running.context.capability.exposes[0] as ExposesRestSpec,
    context: running.context,
  });
});
afterAll(async () => {
  await app?.close();
  await running?.stop();
  await as?.close();
});

describe('a rest expose with oauth2', () => {
  test('serves its RFC 9728 metadata without a token and refuses calls without one', async () => {
    const metadata = await app.inject({ url: '/.well-known/oauth-protected-resource/reports' });
    expect(metadata.statusCode).toBe(200);
    expect(metadata.json()).toMatchObject({ resource: RESOURCE, authorization_servers: [as.issuer] });
    const missing = await app.inject({ url: '/reports' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe(
      'Bearer resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/reports", scope="reports:read reports:write"',
    );
  });

  test('the OpenAPI document names the flow and the scopes of each operation', async () => {
    const token = await as.token({ clientId: 'reader', clientSecret: 'reader-secret', resource: RESOURCE });
    const document = (
      await app.inject({ url: '/openapi.json', headers: { authorization: `Bearer ${token}` } })
    ).json();
    expect(document.components.securitySchemes.inbound).toEqual({
      type: 'oauth2',
      flows: {
        clientCredentials: {
          tokenUrl: as.issuer,
          scopes: { 'reports:read': 'reports:read', 'reports:write': 'reports:write' },
        },
      },
    });
    expect(document.paths['/reports'].post.security).toEqual([{ inbound: ['reports:write'] }]);
    expect(document.paths['/reports'].post.responses[403]).toBeDefined();
  });

  test('an operation needs its scopes: 403 insufficient_scope names the missing one', async () => {
    const token = await as.token({
      clientId: 'reader',
      clientSecret: 'reader-secret',
      resource: RESOURCE,
      scope: 'reports:read',
    });
    const authorization = `Bearer ${token}`;
    const list = await app.inject({ url: '/reports', headers: { authorization } });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toBe('q1 q2');
    const publish = await app.inject({ method: 'POST', url: '/reports', headers: { authorization } });
    expect(publish.statusCode).toBe(403);
    expect(publish.headers['www-authenticate']).toMatch(
      /^Bearer error="insufficient_scope", scope="reports:write", resource_metadata="/,
    );
    expect(publish.json()).toMatchObject({
      status: 403,
      detail: 'insufficient_scope: this operation needs the scope reports:write',
      scopes: ['reports:write'],
    });
    const expired = await as.sign({
      iss: as.issuer,
      aud: RESOURCE,
      scope: 'reports:read',
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const refused = await app.inject({ url: '/reports', headers: { authorization: `Bearer ${expired}` } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toBe('invalid access token: the token has expired');
  });
});
