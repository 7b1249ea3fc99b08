import { afterEach, expect, test } from 'vitest';
import { parseResponseBody, preloadResponseParser } from './parse-response-body.js';
import { caught, createTestConsumer, type TestConsumer } from './testing/create-test-consumer.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

// Vitest gives each test file its own module graph: here the XML and CSV parsers start unloaded,
// as in a process whose first call is an XML or CSV one. Tests run in order and build on that.

let server: TestServer | undefined;
let consumer: TestConsumer | undefined;

afterEach(async () => {
  await consumer?.close();
  consumer = undefined;
  await server?.close();
  server = undefined;
});

async function setupXml(bodies: string[]): Promise<TestConsumer> {
  server = await startTestServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/xml' });
    response.end(bodies.shift() ?? '');
  });
  consumer = createTestConsumer({
    type: 'http',
    namespace: 'api',
    baseUri: server.url,
    resources: [
      { name: 'r', path: '/r', operations: [{ name: 'op', method: 'GET', outputRawFormat: 'xml' }] },
    ],
  });
  return consumer;
}

test('the very first call of a process, to an XML operation, answers parsed data', async () => {
  const xml = await setupXml(['<r><item id="1">x</item><item id="2">y</item></r>', '<r><oops></r>']);
  expect((await xml.call('op')).body).toEqual({
    type: 'data',
    value: {
      item: [
        { id: '1', '': 'x' },
        { id: '2', '': 'y' },
      ],
    },
  });
  const error = await caught(() => xml.call('op'));
  expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
  expect(error.message).toMatch(/^api\.op: cannot read the response as xml: Expected closing tag 'oops'/);
});

test('the first body of a format loads its parser; later ones parse synchronously', async () => {
  // No CSV operation was compiled in this file: nothing has loaded csv-parse yet.
  const malformed = parseResponseBody('csv', 'a,b\n"1,2\n');
  expect(malformed).toBeInstanceOf(Promise);
  // A malformed body on the loading path rejects with the parser's message (the caller awaits it).
  await expect(malformed).rejects.toThrow(/Quote Not Closed/);
  // Loaded now: the same parser serves csv, tsv and psv without waiting.
  expect(parseResponseBody('csv', 'a,b\n1,2\n')).toEqual({ type: 'data', value: [{ a: '1', b: '2' }] });
  expect(parseResponseBody('tsv', 'a\tb\n1\t2\n')).toEqual({ type: 'data', value: [{ a: '1', b: '2' }] });
  expect(() => parseResponseBody('psv', 'a|b\n"1|2\n')).toThrow(/Quote Not Closed/);
});

test('preloading a format without a lazy parser (or an unknown one) does nothing', () => {
  for (const format of ['json', 'text', 'yaml', 'toString', 'avro']) preloadResponseParser(format);
  expect(parseResponseBody('json', '{"a":1}')).toEqual({ type: 'data', value: { a: 1 } });
});
