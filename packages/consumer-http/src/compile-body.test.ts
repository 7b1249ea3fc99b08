import { Response } from 'undici';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  type ConsumesSpec,
  caught,
  createTestConsumer,
  type TestConsumer,
} from './testing/create-test-consumer.js';
import { sendJson, startTestServer, type TestServer } from './testing/test-server.js';

let server: TestServer;
let consumer: TestConsumer | undefined;

beforeEach(async () => {
  server = await startTestServer((_request, response) => sendJson(response, 200, { ok: true }));
});

afterEach(async () => {
  await consumer?.close();
  consumer = undefined;
  await server.close();
});

type OperationSpec = NonNullable<ConsumesSpec['resources']>[number]['operations'][number];

function withOperation(operation: Omit<OperationSpec, 'name' | 'method'>): TestConsumer {
  consumer = createTestConsumer({
    type: 'http',
    namespace: 'api',
    baseUri: server.url,
    resources: [
      {
        name: 'r',
        path: '/r',
        operations: [{ name: 'post', method: 'POST', ...operation } as OperationSpec],
      },
    ],
  });
  return consumer;
}

function sent(): { contentType: string | undefined; text: string } {
  const request = server.requests.at(-1);
  return { contentType: request?.headers['content-type'], text: request?.body.toString('utf8') ?? '' };
}

const HOSTILE = 'he said "hi"\\ \n\t</x> & {{not a template}} \u2028 é 🚀 \u0000';

describe('request bodies', () => {
  test('a raw body template is rendered in JSON mode: hostile strings stay valid JSON (reference bug #749)', async () => {
    withOperation({ body: '{"name": "{{name}}", "ids": {{ids}}, "count": {{count}}, "meta": {{meta}}}' });
    await consumer!.call('post', { name: HOSTILE, ids: [1, 'two'], count: 3, meta: { nested: HOSTILE } });
    const { contentType, text } = sent();
    expect(contentType).toBe('application/json');
    expect(JSON.parse(text)).toEqual({ name: HOSTILE, ids: [1, 'two'], count: 3, meta: { nested: HOSTILE } });
  });

  test('structured json: string leaves rendered, single placeholders keep their type, then JSON.stringify', async () => {
    withOperation({
      body: {
        type: 'json',
        data: {
          title: 'Hello {{tools.name}}',
          raw: '{{tools.name}}',
          tags: '{{tools.tags}}',
          nested: [{ n: '{{tools.n}}' }, 'static'],
          absent: '{{tools.nothing}}',
          fixed: 7,
        },
      },
    });
    await consumer!.call('post', {}, { arguments: { name: HOSTILE, tags: ['a', 'b'], n: 5 } });
    const { contentType, text } = sent();
    expect(contentType).toBe('application/json');
    expect(JSON.parse(text)).toEqual({
      title: `Hello ${HOSTILE}`,
      raw: HOSTILE,
      tags: ['a', 'b'],
      nested: [{ n: 5 }, 'static'],
      absent: null,
      fixed: 7,
    });
  });

  test('json with string data is a JSON template, not a quoted string (reference bug)', async () => {
    withOperation({ body: { type: 'json', data: '{"q": "{{q}}"}' } });
    await consumer!.call('post', { q: 'a"b' });
    expect(JSON.parse(sent().text)).toEqual({ q: 'a"b' });
  });

  test.each([
    ['text', 'text/plain; charset=utf-8', 'Hello {{name}}!', 'Hello <b>&"</b>!'],
    ['xml', 'application/xml; charset=utf-8', '<n>{{name}}</n>', '<n>&lt;b&gt;&amp;&quot;&lt;/b&gt;</n>'],
    [
      'sparql',
      'application/sparql-query; charset=utf-8',
      'SELECT ?s WHERE { ?s ?p "{{name}}" }',
      'SELECT ?s WHERE { ?s ?p "<b>&"</b>" }',
    ],
  ] as const)(
    '%s bodies carry their own text and content type',
    async (type, contentType, data, expected) => {
      withOperation({ body: { type, data } });
      await consumer!.call('post', { name: '<b>&"</b>' });
      expect(sent()).toEqual({ contentType, text: expected });
    },
  );

  test('xml bodies see the bindings too (inherited by the context), escaped like arguments', async () => {
    consumer = createTestConsumer(
      {
        type: 'http',
        namespace: 'api',
        baseUri: server.url,
        resources: [
          {
            name: 'r',
            path: '/r',
            operations: [
              {
                name: 'post',
                method: 'POST',
                body: { type: 'xml', data: '<a t="{{TENANT}}" n="{{env.TENANT}}">{{name}}</a>' },
              },
            ],
          },
        ],
      },
      { binds: { env: { TENANT: 'a&b' } } },
    );
    await consumer.call('post', { name: '<x>' });
    expect(sent().text).toBe('<a t="a&amp;b" n="a&amp;b">&lt;x&gt;</a>');
  });

  test('formUrlEncoded from a map uses real form encoding', async () => {
    withOperation({
      body: { type: 'formUrlEncoded', data: { grant_type: 'client_credentials', scope: '{{scope}}' } },
    });
    await consumer!.call('post', { scope: 'read write&admin=1' });
    const { contentType, text } = sent();
    expect(contentType).toBe('application/x-www-form-urlencoded');
    expect(text).toBe('grant_type=client_credentials&scope=read+write%26admin%3D1');
    expect(Object.fromEntries(new URLSearchParams(text))).toEqual({
      grant_type: 'client_credentials',
      scope: 'read write&admin=1',
    });
  });

  test('formUrlEncoded from a pre-encoded string encodes only the inserted values', async () => {
    withOperation({ body: { type: 'formUrlEncoded', data: 'a=1&q={{q}}' } });
    await consumer!.call('post', { q: 'x&y=z' });
    expect(Object.fromEntries(new URLSearchParams(sent().text))).toEqual({ a: '1', q: 'x&y=z' });
  });

  test('multipartForm is real multipart/form-data with file parts', async () => {
    withOperation({
      body: {
        type: 'multipartForm',
        data: [
          { name: 'title', value: 'Report {{n}}' },
          {
            name: 'file',
            value: '{"rows": {{n}}}',
            filename: 'report.json',
            contentType: 'application/json',
          },
        ],
      },
    });
    await consumer!.call('post', { n: 3 });
    const { contentType } = sent();
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    // Parsed back with an independent multipart parser (undici's Response.formData).
    const form = await new Response(server.requests.at(-1)?.body, {
      headers: { 'content-type': contentType ?? '' },
    }).formData();
    expect(form.get('title')).toBe('Report 3');
    const file = form.get('file') as File;
    expect(file.name).toBe('report.json');
    expect(file.type).toBe('application/json');
    expect(await file.text()).toBe('{"rows": 3}');
  });

  test('without body: the `in: body` parameter is the JSON payload (the seed form)', async () => {
    withOperation({ inputParameters: [{ name: 'body', in: 'body', type: 'object', required: true }] });
    const payload = { agent: 'agent_1', note: HOSTILE, list: [1, 2] };
    await consumer!.call('post', { body: payload });
    expect(sent().contentType).toBe('application/json');
    expect(JSON.parse(sent().text)).toEqual(payload);
    // An object argument sent as JSON text by a client still goes out as an object.
    await consumer!.call('post', { body: JSON.stringify(payload) });
    expect(JSON.parse(sent().text)).toEqual(payload);
    const missing = await caught(() => consumer!.call('post', {}));
    expect(missing.message).toBe(
      "api.post: the required body parameter 'body' is missing; pass it as an argument",
    );
  });

  test('several `in: body` parameters make one object; an optional absent one sends no body', async () => {
    withOperation({
      inputParameters: [
        { name: 'a', in: 'body' },
        { name: 'b', in: 'body' },
      ],
    });
    await consumer!.call('post', { a: 1, b: 'x' });
    expect(JSON.parse(sent().text)).toEqual({ a: 1, b: 'x' });
    await consumer!.call('post', {});
    expect(sent()).toEqual({ contentType: undefined, text: '' });
  });

  test('an explicit Content-Type header parameter overrides the body default', async () => {
    withOperation({
      body: '{"a": 1}',
      inputParameters: [{ name: 'Content-Type', in: 'header', value: 'application/merge-patch+json' }],
    });
    await consumer!.call('post', {});
    expect(sent().contentType).toBe('application/merge-patch+json');
  });

  test('a multipart part media type that would break its header line is a clear error at load', () => {
    expect(() =>
      withOperation({
        body: {
          type: 'multipartForm',
          data: [{ name: 'f', value: 'x', contentType: 'text/plain\r\nX-Injected: 1' }],
        } as never,
      }),
    ).toThrow(
      'api.post: body.data[0].contentType of a multipartForm body must be a media type in printable ASCII, e.g. application/json',
    );
  });

  test('an unknown body type is a clear error at load', () => {
    expect(() => withOperation({ body: { type: 'yaml', data: 'x' } as never })).toThrow(
      "api.post: body.type 'yaml' is unknown; use json, text, xml, sparql, formUrlEncoded or multipartForm",
    );
  });
});
