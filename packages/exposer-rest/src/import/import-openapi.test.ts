import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { validateCapability } from '@naftiko/spec';
import { afterEach, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { serializeDocument } from '../serialize-document.js';
import { importOpenApi } from './import-openapi.js';
import { loadOpenApiSource } from './load-openapi-source.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function importFile(name: string, options: { namespace?: string; baseUri?: string } = {}) {
  const loaded = await loadOpenApiSource({ location: fixture(name) });
  expect(loaded.diagnostics).toEqual([]);
  return importOpenApi({ document: loaded.value?.document, file: name, ...options });
}

function expectOfficiallyValid(value: unknown) {
  const result = validateCapability({
    source: stringify(value),
    filename: 'imported.yaml',
    dialect: 'official',
  });
  // Not even warnings: an import must not need hand edits to be clean in the official dialect.
  expect(result.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info')).toEqual([]);
}

describe('importOpenApi', () => {
  test('OpenAPI 3.0: resources, operations, one tool per operation, hints and an API key bind', async () => {
    const result = await importFile('petstore-3.0.yaml');
    expect(result.value).toBeDefined();
    expect(serializeDocument({ value: result.value, format: 'yaml' })).toMatchInlineSnapshot(`
      "naftiko: 1.0.0-alpha2
      info:
        label: Swagger Petstore
        description: A sample pet store. &lt;script>alert(1)</script>
        tags:
          - pets
      binds:
        - namespace: swagger-petstore-env
          description: Credentials for Swagger Petstore (security scheme 'api_key'), read from the environment.
          keys:
            SWAGGER_PETSTORE_API_KEY: SWAGGER_PETSTORE_API_KEY
      capability:
        consumes:
          - type: http
            namespace: swagger-petstore
            baseUri: https://eu.petstore.test/v1
            description: A sample pet store. &lt;script>alert(1)</script>
            resources:
              - name: pets
                path: /pets
                operations:
                  - name: list-pets
                    method: GET
                    description: List all pets
                    inputParameters:
                      - name: limit
                        in: query
                      - name: statuses
                        in: query
                  - name: create-pets
                    method: POST
                    description: Create a pet
                    body: "{{body}}"
              - name: pets-pet-id
                path: /pets/{{petId}}
                operations:
                  - name: show-pet-by-id
                    method: GET
                    description: Info for a specific pet
                    inputParameters:
                      - name: petId
                        in: path
                  - name: put-pets-pet-id
                    method: PUT
                    description: Replace a pet
                    inputParameters:
                      - name: petId
                        in: path
                    body: "{{body}}"
                  - name: delete-pet
                    method: DELETE
                    description: Deletes a pet for good.
                    inputParameters:
                      - name: petId
                        in: path
              - name: pets-pet-id-photo
                path: /pets/{{petId}}/photo
                operations:
                  - name: upload-photo
                    method: POST
                    inputParameters:
                      - name: petId
                        in: path
            authentication:
              type: apikey
              key: X-Api-Key
              value: "{{SWAGGER_PETSTORE_API_KEY}}"
              placement: header
        exposes:
          - type: mcp
            namespace: swagger-petstore-mcp
            port: 3000
            transport: http
            description: MCP tools for Swagger Petstore, one per API operation.
            tools:
              - name: list-pets
                description: List all pets
                hints:
                  readOnly: true
                  destructive: false
                  idempotent: true
                  openWorld: true
                call: swagger-petstore.list-pets
                inputParameters:
                  - name: limit
                    type: integer
                    description: How many items to return at one time (max 100)
                    required: false
                  - name: statuses
                    type: array
                    description: The query parameter statuses[].
                    required: false
              - name: create-pets
                description: Create a pet
                hints:
                  readOnly: false
                  destructive: false
                  idempotent: false
                  openWorld: true
                call: swagger-petstore.create-pets
                inputParameters:
                  - name: body
                    type: object
                    description: The JSON request body.
                    required: true
              - name: show-pet-by-id
                description: Info for a specific pet
                hints:
                  readOnly: true
                  destructive: false
                  idempotent: true
                  openWorld: true
                call: swagger-petstore.show-pet-by-id
                inputParameters:
                  - name: petId
                    type: string
                    description: The id of the pet to retrieve
                    required: true
              - name: put-pets-pet-id
                description: Replace a pet
                hints:
                  readOnly: false
                  destructive: false
                  idempotent: true
                  openWorld: true
                call: swagger-petstore.put-pets-pet-id
                inputParameters:
                  - name: petId
                    type: string
                    description: The id of the pet to retrieve
                    required: true
                  - name: body
                    type: object
                    description: The JSON request body.
                    required: false
              - name: delete-pet
                description: Deletes a pet for good.
                hints:
                  readOnly: false
                  destructive: true
                  idempotent: true
                  openWorld: true
                call: swagger-petstore.delete-pet
                inputParameters:
                  - name: petId
                    type: string
                    description: The id of the pet to retrieve
                    required: true
              - name: upload-photo
                description: POST /pets/{petId}/photo
                hints:
                  readOnly: false
                  destructive: false
                  idempotent: false
                  openWorld: true
                call: swagger-petstore.upload-photo
                inputParameters:
                  - name: petId
                    type: string
                    description: The id of the pet to retrieve
                    required: true
      "
    `);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.pointer])).toEqual([
      ['openapi-method-skipped', '/paths/~1pets/head'],
      ['openapi-body-unsupported', '/paths/~1pets~1{petId}~1photo/post/requestBody'],
      ['openapi-parameter-renamed', '/paths/~1pets/get/parameters/1'],
    ]);
    expectOfficiallyValid(result.value);
  });

  test('Swagger 2.0: host + basePath, body parameter, basic auth, form posts reported', async () => {
    const result = await importFile('swagger-2.0.json', { namespace: 'dockyard' });
    const capability = result.value!.capability;
    expect(capability.consumes[0]).toMatchObject({
      namespace: 'dockyard',
      baseUri: 'https://dockyard.test/api',
      authentication: { type: 'basic', username: '{{DOCKYARD_USERNAME}}', password: '{{DOCKYARD_PASSWORD}}' },
    });
    expect(result.value!.binds).toEqual([
      expect.objectContaining({
        namespace: 'dockyard-env',
        keys: { DOCKYARD_USERNAME: 'DOCKYARD_USERNAME', DOCKYARD_PASSWORD: 'DOCKYARD_PASSWORD' },
      }),
    ]);
    const tools = capability.exposes[0]!.tools;
    expect(tools.map((tool) => tool.name)).toEqual(['list-vessels', 'add-vessel', 'post-vessels-code-notes']);
    expect(tools[1]!.inputParameters).toEqual([
      { name: 'body', type: 'object', description: 'The JSON request body.', required: true },
    ]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['openapi-body-unsupported']);
    expectOfficiallyValid(result.value);
  });

  test('tool names are unique and at most 64 characters', async () => {
    const result = await importFile('sessions-3.1.yaml', { baseUri: 'https://sessions.test/' });
    const names = result.value!.capability.exposes[0]!.tools.map((tool) => tool.name);
    expect(names).toEqual([
      'a-very-long-operation-identifier-that-keeps-going-and-going-past',
      'a-very-long-operation-identifier-that-keeps-going-and-going-pa-2',
    ]);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(64);
    expect(result.value!.capability.consumes[0]!.baseUri).toBe('https://sessions.test');
    expect(result.value!.capability.exposes[0]!.tools[0]!.inputParameters).toContainEqual({
      name: 'order',
      type: 'string',
      description: 'The query parameter order.',
      required: false,
    });
    expectOfficiallyValid(result.value);
  });

  test('renamed path parameters are renamed in the path template too', () => {
    const result = importOpenApi({
      document: {
        openapi: '3.0.3',
        info: { title: 'Dotted', version: '1' },
        servers: [{ url: 'https://dotted.test' }],
        paths: {
          '/things/{thing.id}': {
            get: {
              parameters: [{ name: 'thing.id', in: 'path', required: true, schema: { type: 'string' } }],
            },
          },
        },
      },
    });
    const resource = result.value!.capability.consumes[0]!.resources[0]!;
    expect(resource.path).toBe('/things/{{thing_id}}');
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['openapi-parameter-renamed']);
    expect(resource.operations[0]!.inputParameters).toEqual([{ name: 'thing_id', in: 'path' }]);
    expectOfficiallyValid(result.value);
  });

  test('an undeclared path placeholder becomes a required string parameter, with a warning', () => {
    const result = importOpenApi({
      document: {
        openapi: '3.0.3',
        info: { title: 'U', version: '1' },
        servers: [{ url: 'https://u.test' }],
        paths: { '/a/{id}': { get: {} } },
      },
    });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'openapi-parameter-added', pointer: '/paths/~1a~1{id}/get' }),
    ]);
    expect(result.value!.capability.exposes[0]!.tools[0]!.inputParameters).toEqual([
      { name: 'id', type: 'string', description: 'The path parameter id.', required: true },
    ]);
    expectOfficiallyValid(result.value);
  });

  test('a relative server without --base-uri is an error that names the fix', async () => {
    const result = await importFile('sessions-3.1.yaml');
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'openapi-no-base-uri',
        severity: 'error',
        pointer: '/servers',
        file: 'sessions-3.1.yaml',
      }),
    ]);
    expect(result.diagnostics[0]!.message).toContain('--base-uri');
  });

  test('documents that are not API descriptions are refused with a diagnostic', () => {
    expect(importOpenApi({ document: 'hello' }).diagnostics[0]!.code).toBe('openapi-not-a-document');
    expect(importOpenApi({ document: { openapi: '4.0.0', paths: {} } }).diagnostics[0]).toMatchObject({
      code: 'openapi-unsupported-version',
      pointer: '/openapi',
    });
    expect(
      importOpenApi({ document: { openapi: '3.1.0', info: { title: 'x' }, paths: {} } }).diagnostics[0]!.code,
    ).toBe('openapi-no-operations');
    expect(
      importOpenApi({
        document: { swagger: '2.0', host: 'a.test', paths: { '/a': { get: {} } } },
        namespace: 'Bad Name',
      }).diagnostics[0]!.code,
    ).toBe('openapi-bad-namespace');
  });
});

describe('loadOpenApiSource', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  test('a URL source resolves relative servers against the URL', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(fixture('sessions-3.1.yaml'), 'utf8');
    const origin = await serve((_request, response) => response.end(text));
    const loaded = await loadOpenApiSource({ location: `${origin}/specs/openapi.yaml` });
    expect(loaded.value?.sourceUrl).toBe(`${origin}/specs/openapi.yaml`);
    const result = importOpenApi({ document: loaded.value!.document, sourceUrl: loaded.value!.sourceUrl! });
    expect(result.value!.capability.consumes[0]!.baseUri).toBe(`${origin}/api`);
  });

  test('HTTP errors, oversized and unparsable documents are diagnostics', async () => {
    const origin = await serve((request, response) => {
      if (request.url === '/missing') {
        response.statusCode = 404;
        response.end('nope');
      } else if (request.url === '/huge') {
        response.write('a'.repeat(4096));
        response.end('a'.repeat(4096));
      } else {
        response.end('{ not: [valid');
      }
    });
    const missing = await loadOpenApiSource({ location: `${origin}/missing` });
    expect(missing.diagnostics[0]).toMatchObject({ code: 'openapi-load-failed' });
    expect(missing.diagnostics[0]!.message).toContain('404');
    const huge = await loadOpenApiSource({ location: `${origin}/huge`, maxBytes: 5000 });
    expect(huge.diagnostics[0]!.code).toBe('openapi-too-large');
    const broken = await loadOpenApiSource({ location: `${origin}/broken` });
    expect(broken.diagnostics[0]!.code).toBe('openapi-parse-failed');
    const absent = await loadOpenApiSource({ location: fixture('absent.yaml') });
    expect(absent.diagnostics[0]!.message).toContain('no such file');
  });
});
