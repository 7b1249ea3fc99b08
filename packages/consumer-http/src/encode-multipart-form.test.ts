import { Response } from 'undici';
import { expect, test } from 'vitest';
import { encodeMultipartForm, isMultipartContentType } from './encode-multipart-form.js';

const decoder = new TextDecoder();

test('the wire form: text parts, file parts, CRLF everywhere, a closing boundary', () => {
  const { bytes, contentType } = encodeMultipartForm({
    boundary: 'b0',
    parts: [
      { name: 'title', value: 'two\nlines' },
      { name: 'file', value: 'raw\nbytes', filename: 'a.txt', contentType: 'text/plain' },
      { name: 'blob', value: 'x', filename: 'blob' },
    ],
  });
  expect(contentType).toBe('multipart/form-data; boundary=b0');
  expect(decoder.decode(bytes)).toBe(
    [
      '--b0',
      'Content-Disposition: form-data; name="title"',
      '',
      'two',
      'lines',
      '--b0',
      'Content-Disposition: form-data; name="file"; filename="a.txt"',
      'Content-Type: text/plain',
      '',
      // File content is sent byte for byte: its LF stays an LF.
      'raw\nbytes',
      '--b0',
      'Content-Disposition: form-data; name="blob"; filename="blob"',
      'Content-Type: application/octet-stream',
      '',
      'x',
      '--b0--',
      '',
    ].join('\r\n'),
  );
});

test('names and filenames cannot break out of their quotes or lines; an independent parser agrees', async () => {
  const hostile = 'a"b\r\nContent-Type: text/html\r\n\r\n<script>';
  const { bytes, contentType } = encodeMultipartForm({
    parts: [
      { name: hostile, value: 'v\r\nw\rx' },
      { name: 'f', value: 'é ☃ "q"', filename: hostile, contentType: 'application/json' },
    ],
  });
  const text = decoder.decode(bytes);
  expect(text).toContain('name="a%22b%0D%0AContent-Type: text/html%0D%0A%0D%0A<script>"');
  const boundary = contentType.slice('multipart/form-data; boundary='.length);
  expect(boundary).toMatch(/^----naftiko-formdata-[0-9a-f]{24}$/);
  // Each body gets its own boundary.
  expect(encodeMultipartForm({ parts: [] }).contentType).not.toBe(contentType);
  // Parsed back by undici's multipart parser (Response.formData), which undoes the escapes.
  const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  expect([...form.keys()]).toEqual([hostile, 'f']);
  expect(form.get(hostile)).toBe('v\r\nw\r\nx');
  const file = form.get('f') as File;
  expect(file.name).toBe(hostile);
  expect(file.type).toBe('application/json');
  expect(await file.text()).toBe('é ☃ "q"');
});

test('a part media type must be printable ASCII (it becomes a header line)', () => {
  expect(isMultipartContentType('application/json; charset=utf-8')).toBe(true);
  expect(isMultipartContentType('text/plain\r\nX-Injected: 1')).toBe(false);
  expect(isMultipartContentType('')).toBe(false);
  expect(isMultipartContentType('tëxt/plain')).toBe(false);
});
