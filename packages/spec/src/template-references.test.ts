import { expect, test } from 'vitest';
import { templateReferences, visitStrings } from './template-references.js';

test('finds Mustache variables, sections and triple braces; skips comments, partials and closers', () => {
  expect(templateReferences('{"a": "{{ a }}", "b": {{{b}}}, "c": "{{& c.d}}"}')).toEqual(['a', 'b', 'c.d']);
  expect(templateReferences('{{#items}}{{.}}{{/items}}{{^empty}}x{{/empty}}')).toEqual(['items', 'empty']);
  expect(templateReferences('{{! a comment }}{{> partial}}')).toEqual([]);
  expect(templateReferences('no templates, {single} braces')).toEqual([]);
});

test('visits every string of nested data with its pointer', () => {
  const seen: string[] = [];
  visitStrings({ a: ['x', { 'b/c': 'y' }], n: 1 }, '/root', (text, pointer) =>
    seen.push(`${pointer}=${text}`),
  );
  expect(seen).toEqual(['/root/a/0=x', '/root/a/1/b~1c=y']);
});
