import { describe, expect, test } from 'vitest';
import { isNaftikoError } from './errors.js';
import { parseSimpleTemplate } from './simple-template.js';
import {
  compileTemplate,
  compileTemplateWithHandlebars,
  listTemplateVariables,
  separateClosingBraces,
  type Template,
  type TemplateContext,
  type TemplateMode,
} from './template.js';

const TEXTS = [
  'a',
  ' ',
  '"',
  '\\"',
  '\\\\',
  '\\',
  '{',
  '}',
  '}}',
  ': ',
  '\n',
  '\r\n',
  '\r',
  '{"k": ',
  '"k": "',
  ', ',
  '[',
  "'",
  'é😀',
];
const MUSTACHES = [
  '{{a}}',
  '{{ a }}',
  '{{\na.b\n}}',
  '{{a.b}}',
  '{{env.KEY}}',
  '{{step-1.out}}',
  '{{missing}}',
  '{{n}}',
  '{{s}}',
  '{{o}}',
  '{{arr}}',
  '{{nul}}',
  '{{a.missing.deep}}',
  '{{nul.deep}}',
  '{{s.length}}',
  '{{n.toFixed}}',
  '{{toString}}',
  '{{hasOwnProperty}}',
  '{{__proto__}}',
  '{{inherited}}',
  '{{inherited.x}}',
  '{{$x}}',
  '{{_y}}',
  '{{fn}}',
  '{{q}}',
];

/** A context as the engine builds them: per-call values over a shared layer of bindings. */
function context(): TemplateContext {
  const shared = Object.assign(Object.create(null), {
    inherited: { x: 'from the shared layer' },
    env: { KEY: 'k"1' },
  });
  return Object.assign(Object.create(shared), {
    a: { b: 'a.b value', c: 2 },
    'step-1': { out: [1, 'two'] },
    n: 12.5,
    s: 'line\n"quoted"',
    o: { nested: { deep: true } },
    arr: ['x', null],
    nul: null,
    $x: '$',
    _y: false,
    fn: () => 'called',
    q: '1e3',
  }) as TemplateContext;
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    return { error: isNaftikoError(error) ? `${error.code}: ${error.message}` : String(error) };
  }
}

function behaviour(template: Template, ctx: TemplateContext) {
  return {
    variables: template.variables,
    singleVariable: template.singleVariable,
    isStatic: template.isStatic,
    render: outcome(() => template.render(ctx)),
    strict: outcome(() => template.render(ctx, { strict: true })),
    report: outcome(() => template.renderReport(ctx)),
    value: outcome(() => template.renderValue(ctx)),
    strictValue: outcome(() => template.renderValue(ctx, { strict: true })),
    empty: outcome(() => template.renderReport({})),
  };
}

describe('simple templates', () => {
  test('render, report and fail exactly as the Handlebars path, in every mode', () => {
    const next = random(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    let simple = 0;
    for (let i = 0; i < 400; i++) {
      const pieces = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
        next() < 0.5 ? pick(TEXTS) : pick(MUSTACHES),
      );
      const source = `${pieces.join('')}${next() < 0.3 ? '}' : ''}`;
      if (!source.includes('{{')) continue;
      for (const mode of ['text', 'json', 'url'] as TemplateMode[]) {
        if (parseSimpleTemplate(source, separateClosingBraces(source), mode === 'json')) simple += 1;
        const place = `template ${i}`;
        const label = `${mode}: ${JSON.stringify(source)}`;
        const reference = outcome(() => compileTemplateWithHandlebars(source, { mode, place }));
        const fast = outcome(() => compileTemplate(source, { mode, place }));
        if (!('value' in (reference as object)) || !('value' in (fast as object))) {
          expect(fast, label).toEqual(reference);
          continue;
        }
        const ctx = context();
        expect(behaviour((fast as { value: Template }).value, ctx), label).toEqual(
          behaviour((reference as { value: Template }).value, ctx),
        );
        if (mode === 'text') {
          expect(listTemplateVariables(source)).toEqual((reference as { value: Template }).value.variables);
        }
      }
    }
    // Most generated sources must take the simple path, or this compares Handlebars with itself.
    expect(simple).toBeGreaterThan(600);
  });

  test('a missing value is reported at its line and column, as Handlebars does', () => {
    const source = '{"a": {{x}}},\r\n  "b": "{{y}}"';
    const template = compileTemplate(source, { mode: 'json', place: 'body' });
    expect(parseSimpleTemplate(source, separateClosingBraces(source), true)).toBeDefined();
    expect(() => template.render({ x: 1 }, { strict: true })).toThrow(
      'Template variable "y" has no value in body (line 2, column 9).',
    );
    expect(template.render({ x: 'a"b', y: 'c"d' })).toBe('{"a": "a\\"b"},\r\n  "b": "c\\"d"');
  });

  test.each([
    ['{{#if a}}x{{/if}}'],
    ['{{{raw}}}'],
    ['{{&raw}}'],
    ['\\{{escaped}}'],
    ['{{! comment }}{{a}}'],
    ['{{~a}}'],
    ['{{@root.a}}'],
    ['{{../a}}'],
    ['{{this.a}}'],
    ['{{a.[b c]}}'],
    ['{{a/b}}'],
    ['{{lookup a "b"}}'],
    ['{{true}}'],
    ['{{a.null}}'],
    ['{{steps.0.x}}'],
    ['{{else}}'],
  ])('%s is left to Handlebars', (source) => {
    expect(parseSimpleTemplate(source, separateClosingBraces(source), false)).toBeUndefined();
  });
});
