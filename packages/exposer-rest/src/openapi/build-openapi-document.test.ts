import type { CapabilityDocumentSpec, ExposesRestSpec } from '@naftiko/spec';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { itemsCapability } from '../testing/items-capability.js';
import { buildOpenApiDocument } from './build-openapi-document.js';

function itemsDocument(authentication?: string) {
  const document = parse(itemsCapability('http://upstream.test', authentication)) as CapabilityDocumentSpec;
  const expose = document.capability!.exposes![0] as ExposesRestSpec;
  return buildOpenApiDocument({
    expose,
    ...(document.info ? { info: document.info } : {}),
    serverUrl: 'http://127.0.0.1:8080',
    isStreaming: (planned) => planned.route.openApiPath.endsWith('/stream'),
  });
}

async function expectValid(document: Record<string, unknown>) {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document));
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe('3.1');
}

describe('buildOpenApiDocument', () => {
  test('passes the independent OpenAPI 3.1 schema validator, with and without inbound auth', async () => {
    await expectValid(itemsDocument());
    await expectValid(itemsDocument("{ type: bearer, token: '{{GATEWAY_TOKEN}}' }"));
    await expectValid(itemsDocument("{ type: apikey, key: X-Api-Key, value: '{{GATEWAY_TOKEN}}' }"));
  });

  test('operations carry the runtime parameter rules, body, result shape and problems', () => {
    const document = itemsDocument("{ type: bearer, token: '{{GATEWAY_TOKEN}}' }") as {
      paths: Record<string, Record<string, unknown>>;
      security: unknown;
      components: { securitySchemes: unknown };
    };
    expect(Object.keys(document.paths)).toEqual([
      '/items/{id}',
      '/items/{id}/summary',
      '/items',
      '/mock',
      '/fail/{status}',
      '/slow',
      '/text',
      '/events/stream',
      '/proxy/{forwardedPath}',
      '/raw/{forwardedPath}',
      '/notion/{forwardedPath}',
    ]);
    expect(document.paths['/items/{id}']!.get).toMatchInlineSnapshot(`
      {
        "operationId": "get-item",
        "parameters": [
          {
            "description": "Item id",
            "in": "path",
            "name": "id",
            "required": true,
            "schema": {
              "pattern": "^[a-z0-9.-]+$",
              "type": "string",
            },
          },
          {
            "description": "Page size",
            "in": "query",
            "name": "limit",
            "required": false,
            "schema": {
              "type": "integer",
            },
          },
          {
            "description": "Tags",
            "in": "query",
            "name": "tags",
            "required": false,
            "schema": {
              "items": {},
              "type": "array",
            },
          },
          {
            "description": "Trace id",
            "in": "header",
            "name": "X-Trace",
            "required": false,
            "schema": {
              "pattern": "^t-",
              "type": "string",
            },
          },
          {
            "description": "Session number",
            "in": "cookie",
            "name": "session",
            "required": false,
            "schema": {
              "type": "integer",
            },
          },
        ],
        "responses": {
          "200": {
            "content": {
              "application/json": {},
            },
            "description": "The upstream response, passed through.",
          },
          "400": {
            "$ref": "#/components/responses/Problem",
          },
          "401": {
            "$ref": "#/components/responses/Problem",
          },
          "4XX": {
            "$ref": "#/components/responses/Problem",
          },
          "502": {
            "$ref": "#/components/responses/Problem",
          },
          "504": {
            "$ref": "#/components/responses/Problem",
          },
          "default": {
            "$ref": "#/components/responses/Problem",
          },
        },
        "summary": "Get item",
      }
    `);
    expect(document.paths['/items/{id}/summary']!.get).toMatchObject({
      responses: {
        200: {
          content: {
            'application/json': { schema: { type: 'object', properties: { itemId: { type: 'string' } } } },
          },
        },
      },
    });
    expect(document.paths['/items']!.post).toMatchObject({
      requestBody: {
        content: { 'application/json': { schema: { type: 'object', description: 'The item' } } },
      },
    });
    expect(document.paths['/mock']!.get).toMatchObject({
      responses: {
        200: {
          content: {
            'application/json': { schema: { type: 'object', properties: { greeting: { type: 'string' } } } },
          },
        },
      },
    });
    expect(document.paths['/events/stream']!.get).toMatchObject({
      responses: { 200: { content: { 'text/event-stream': { schema: { type: 'string' } } } } },
    });
    expect(document.security).toEqual([{ inbound: [] }]);
    expect(document.components.securitySchemes).toEqual({ inbound: { type: 'http', scheme: 'bearer' } });
  });
});
