import { describe, expect, test } from 'vitest';
import { isNaftikoError, NaftikoError } from './errors.js';
import { compileTemplate, listTemplateVariables } from './template.js';

const HOSTILE = [
  'he said "hi"',
  'back\\slash and \\" escaped quote',
  'line\nbreak\r\nand\ttab',
  '</script><script>alert(1)</script>',
  'emoji 😀 and 👩‍👩‍👧',
  'separators \u2028 and \u2029',
  'control \u0000 \u0001 \u001f \u007f',
  "single ' quote and {{braces}}",
  '", "admin": true, "x": "',
  'lone surrogate \ud800 end',
];

describe('json mode', () => {
  test.each(HOSTILE)('a hostile string inside a JSON string stays one valid string: %j', (hostile) => {
    const template = compileTemplate('{"name": "{{name}}", "n": 1}', { mode: 'json' });
    const text = template.render({ name: hostile });
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['name', 'n']);
    // Lone surrogates are escaped as \udXXX by JSON.stringify and parse back identical.
    expect(parsed.name).toBe(hostile);
  });

  test('U+2028/U+2029 are emitted escaped, so the text is also a valid JavaScript literal', () => {
    const text = compileTemplate('{"a": "{{x}}"}', { mode: 'json' }).render({ x: '\u2028\u2029' });
    expect(text).toBe('{"a": "\\u2028\\u2029"}');
  });

  test('objects and arrays are inserted as JSON (bug #749 of the reference engine does not exist here)', () => {
    const template = compileTemplate('{"shipImo": "{{imo}}", "crewIds": {{crewIds}}, "meta": {{meta}}}', {
      mode: 'json',
    });
    const text = template.render({
      imo: 'IMO"1',
      crewIds: ['a"', 'b\\'],
      meta: { nested: { ok: true, n: 2 } },
    });
    expect(JSON.parse(text)).toEqual({
      shipImo: 'IMO"1',
      crewIds: ['a"', 'b\\'],
      meta: { nested: { ok: true, n: 2 } },
    });
  });

  test('an object inside a string literal becomes escaped JSON text', () => {
    const text = compileTemplate('{"raw": "{{obj}}"}', { mode: 'json' }).render({ obj: { a: '"' } });
    expect(JSON.parse(text)).toEqual({ raw: '{"a":"\\""}' });
  });

  test('outside a string: numbers, booleans and JSON literals stay raw; other strings are quoted', () => {
    const template = compileTemplate('[{{a}}, {{b}}, {{c}}, {{d}}, {{e}}, {{f}}]', { mode: 'json' });
    const text = template.render({
      a: 5,
      b: true,
      c: '42',
      d: 'not a number',
      e: '1, "injected": 2',
      f: null,
    });
    expect(JSON.parse(text)).toEqual([5, true, 42, 'not a number', '1, "injected": 2', null]);
  });

  test('a missing value renders as null outside strings and "" inside, keeping JSON valid', () => {
    const template = compileTemplate('{"a": {{missing}}, "b": "{{gone}}"}', { mode: 'json' });
    const report = template.renderReport({});
    expect(JSON.parse(report.text)).toEqual({ a: null, b: '' });
    expect(report.missing).toEqual(['missing', 'gone']);
  });

  test('string-context tracking understands escaped quotes in the literal text', () => {
    const template = compileTemplate('{"a\\"b": "x\\"{{v}}", "c": {{w}}}', { mode: 'json' });
    expect(JSON.parse(template.render({ v: '"', w: 'str' }))).toEqual({ 'a"b': 'x""', c: 'str' });
  });

  test('blocks keep the string context of where they start', () => {
    const template = compileTemplate(
      '{"list": [{{#each items}}"{{this}}"{{#unless @last}},{{/unless}}{{/each}}]}',
      {
        mode: 'json',
      },
    );
    expect(JSON.parse(template.render({ items: ['a"', 'b\n'] }))).toEqual({ list: ['a"', 'b\n'] });
  });

  test('a mustache right before closing braces parses (`{{x}}}` is not a triple stash)', () => {
    const template = compileTemplate('{"a": {"b": {{x}}}, "c": [{{y}}]}', { mode: 'json' });
    expect(JSON.parse(template.render({ x: { d: 1 }, y: 'z' }))).toEqual({ a: { b: { d: 1 } }, c: ['z'] });
    expect(compileTemplate('{"r": {{{raw}}}}', { mode: 'json' }).render({ raw: '1' })).toBe('{"r": 1}');
  });

  test('triple stash inserts raw text, an explicit escape hatch', () => {
    const text = compileTemplate('{"a": {{{fragment}}}}', { mode: 'json' }).render({ fragment: '[1,2]' });
    expect(JSON.parse(text)).toEqual({ a: [1, 2] });
  });
});

describe('text and url modes', () => {
  test('text: no HTML escaping; objects as JSON, never [object Object]', () => {
    const template = compileTemplate('<{{a}}> {{o}} {{l}} {{n}} {{b}} [{{none}}]');
    expect(template.render({ a: '&"<>', o: { k: 'v' }, l: [1, 'x'], n: 0, b: false })).toBe(
      '<&"<>> {"k":"v"} [1,"x"] 0 false []',
    );
  });

  test('url: each value is one percent-encoded component', () => {
    const template = compileTemplate('/ships/{{id}}', { mode: 'url' });
    expect(template.render({ id: '../a b/?#' })).toBe('/ships/..%2Fa%20b%2F%3F%23');
  });

  test('namespaced and flat variables, arguments and step outputs', () => {
    const template = compileTemplate('{{env.KEY}}|{{KEY}}|{{tools.arg}}|{{get-ship.imo_number}}');
    const context = {
      KEY: 'flat',
      env: { KEY: 'ns' },
      tools: { arg: 'a' },
      'get-ship': { imo_number: 'IMO1' },
    };
    expect(template.render(context)).toBe('ns|flat|a|IMO1');
  });

  test('a static template needs no Handlebars and reports itself static', () => {
    const template = compileTemplate('application/json');
    expect(template.isStatic).toBe(true);
    expect(template.render({})).toBe('application/json');
  });

  test('prototype properties are not reachable', () => {
    const template = compileTemplate('[{{constructor}}][{{x.__proto__}}][{{toString}}]');
    expect(template.render({ x: {} })).toBe('[][][]');
  });
});

describe('strict missing variables', () => {
  test('a missing variable names itself, the place and the position', () => {
    const template = compileTemplate('x-api-key: {{env.ANTHROPIC_API_KEY}}', {
      place: 'consumes "sessions" authentication.value',
    });
    let caught: unknown;
    try {
      template.render({ env: {} }, { strict: true });
    } catch (error) {
      caught = error;
    }
    expect(isNaftikoError(caught, 'TEMPLATE_MISSING_VARIABLE')).toBe(true);
    expect((caught as NaftikoError).message).toBe(
      'Template variable "env.ANTHROPIC_API_KEY" has no value in consumes "sessions" authentication.value (line 1, column 12). Bind it (binds keys) or pass it as an argument.',
    );
    expect((caught as NaftikoError).data).toEqual({
      variable: 'env.ANTHROPIC_API_KEY',
      place: 'consumes "sessions" authentication.value',
    });
  });

  test('null counts as missing when strict; lenient renders empty', () => {
    const template = compileTemplate('/v1/{{id}}');
    expect(() => template.render({ id: null }, { strict: true })).toThrow(NaftikoError);
    expect(template.render({ id: null })).toBe('/v1/');
    expect(template.render({ id: 0 }, { strict: true })).toBe('/v1/0');
  });

  test('renderValue keeps the type of a single-variable template', () => {
    const template = compileTemplate('{{tools.body}}');
    expect(template.singleVariable).toBe('tools.body');
    const body = { a: [1] };
    expect(template.renderValue({ tools: { body } })).toBe(body);
    expect(template.renderValue({ tools: {} })).toBeUndefined();
    expect(() => template.renderValue({}, { strict: true })).toThrow(/tools\.body/);
    expect(compileTemplate('id-{{x}}').renderValue({ x: 1 })).toBe('id-1');
  });
});

describe('compile errors and variables', () => {
  test('syntax errors name the place', () => {
    expect(() => compileTemplate('{{#if x}}', { place: 'with.a' })).toThrow(/Invalid template in with\.a/);
    try {
      compileTemplate('{{oops', { place: 'p' });
    } catch (error) {
      expect(isNaftikoError(error, 'TEMPLATE_SYNTAX')).toBe(true);
    }
  });

  test('partials, unknown helpers and the console-writing log helper are refused at compile time', () => {
    expect(() => compileTemplate('{{> partial}}')).toThrow(/partials and decorators/);
    expect(() => compileTemplate('{{shout name}}')).toThrow(/unknown helper "shout"/);
    expect(() => compileTemplate('{{#repeat n}}x{{/repeat}}')).toThrow(/unknown block helper "repeat"/);
    expect(() => compileTemplate('{{log env.SECRET}}')).toThrow(/unknown helper "log"/);
  });

  test('lists the top-level variables, skipping scoped ones', () => {
    expect(
      listTemplateVariables(
        '{{env.KEY}} {{#if tools.flag}}{{a}}{{/if}} {{#each items}}{{name}} {{@root.b}}{{/each}} {{lookup m "k"}} {{a}}',
      ),
    ).toEqual(['env.KEY', 'tools.flag', 'a', 'items', 'b', 'm']);
    expect(listTemplateVariables('no variables')).toEqual([]);
    expect(listTemplateVariables('{{broken')).toEqual([]);
  });
});

describe('compiling a source again', () => {
  test('reuses the compiled form but keeps each place in its messages', () => {
    const first = compileTemplate('/users/{{id}}', { mode: 'url', place: 'path of "a"' });
    const second = compileTemplate('/users/{{id}}', { mode: 'url', place: 'path of "b"' });
    expect(second.render({ id: 'x/y' })).toBe('/users/x%2Fy');
    expect(() => first.render({}, { strict: true })).toThrow(
      'Template variable "id" has no value in path of "a"',
    );
    expect(() => second.render({}, { strict: true })).toThrow(
      'Template variable "id" has no value in path of "b"',
    );
  });

  test('the same source in another mode is compiled for that mode', () => {
    const json = compileTemplate('{"q": {{q}}}', { mode: 'json' });
    const text = compileTemplate('{"q": {{q}}}', { mode: 'text' });
    expect(json.render({ q: 'a"b' })).toBe('{"q": "a\\"b"}');
    expect(text.render({ q: 'a"b' })).toBe('{"q": a"b}');
  });

  test('an invalid source fails every time, naming each place', () => {
    expect(() => compileTemplate('{{#each}}', { place: 'first' })).toThrow('Invalid template in first');
    expect(() => compileTemplate('{{#each}}', { place: 'second' })).toThrow('Invalid template in second');
  });

  test('the variables list of one template cannot change another', () => {
    const first = compileTemplate('{{a}} {{b}}', { place: 'x' });
    (first.variables as string[]).push('c');
    expect(compileTemplate('{{a}} {{b}}', { place: 'y' }).variables).toEqual(['a', 'b']);
  });
});
