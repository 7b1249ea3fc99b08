import { describe, expect, test } from 'vitest';
import { parseResponseBody } from './parse-response-body.js';

// The XML and CSV parsers load on first use (see parse-response-body-lazy.test.ts): a body
// parses synchronously once they are loaded, through a promise before.
const parse = async (format: string, text: string) => parseResponseBody(format, text);

describe('parseResponseBody', () => {
  test('json, and an empty body is null', () => {
    expect(parseResponseBody('json', '{"a":[1,"x"]}')).toEqual({ type: 'data', value: { a: [1, 'x'] } });
    expect(parseResponseBody('json', '')).toEqual({ type: 'data', value: null });
    expect(() => parseResponseBody('json', '{oops')).toThrow(/invalid JSON/);
  });

  test('text, html and markdown stay text', () => {
    for (const format of ['text', 'html', 'markdown']) {
      expect(parseResponseBody(format, '<b>x</b>\n')).toEqual({ type: 'text', text: '<b>x</b>\n' });
    }
  });

  test('yaml', () => {
    expect(parseResponseBody('yaml', 'a: 1\nb: [x, y]\n')).toEqual({
      type: 'data',
      value: { a: 1, b: ['x', 'y'] },
    });
  });

  test('xml is shaped like Jackson XmlMapper: root unwrapped, attributes as fields, strings', async () => {
    const xml =
      '<?xml version="1.0"?><vessels><vessel id="1"><name>A &amp; B</name></vessel><vessel id="2"><name lang="en">B</name></vessel></vessels>';
    expect(await parse('xml', xml)).toEqual({
      type: 'data',
      value: {
        vessel: [
          { id: '1', name: 'A & B' },
          { id: '2', name: { lang: 'en', '': 'B' } },
        ],
      },
    });
    await expect(parse('xml', '<a><b></a>')).rejects.toThrow(/Expected closing tag 'b'/);
  });

  test('csv, tsv and psv become arrays of objects keyed by the header', async () => {
    expect(await parse('csv', 'id,name\n1,"a, b"\n2,c\n')).toEqual({
      type: 'data',
      value: [
        { id: '1', name: 'a, b' },
        { id: '2', name: 'c' },
      ],
    });
    expect(await parse('tsv', 'id\tname\n1\tsay "hi"\n')).toEqual({
      type: 'data',
      value: [{ id: '1', name: 'say "hi"' }],
    });
    expect(await parse('psv', 'id|name\n1|x\n')).toEqual({
      type: 'data',
      value: [{ id: '1', name: 'x' }],
    });
  });

  test('avro and protobuf are refused with the supported list', () => {
    expect(() => parseResponseBody('avro', '')).toThrow(/'avro' is not supported.*json, text, xml/);
  });
});
