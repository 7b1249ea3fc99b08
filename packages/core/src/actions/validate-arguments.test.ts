import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, test } from 'vitest';
import { isNaftikoError } from '../errors.js';
import type { ArgumentIssue, JsonSchema } from '../extension.js';
import { compileArgumentValidator } from './validate-arguments.js';

const place = '"mcp.tool"';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

// The reference: ajv as argument validation used it before (allErrors, not strict), with the
// mapping of its errors to issues that went with it.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });

function compileWithAjv(schema: JsonSchema): (value: unknown) => ArgumentIssue[] {
  const validate = ajv.compile(structuredClone(schema));
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map(toIssue));
}

function toIssue(error: ErrorObject): ArgumentIssue {
  const base = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const field = String(params.missingProperty);
      return { field, keyword: 'required', message: `"${field}" is required` };
    }
    case 'type': {
      if (!base) return { field: '', keyword: 'type', message: `arguments must be ${String(params.type)}` };
      const type = String(params.type);
      const article = type === 'object' || type === 'array' || type === 'integer' ? 'an' : 'a';
      return { field: base, keyword: 'type', message: `"${base}" must be ${article} ${type}` };
    }
    default:
      return { field: base, keyword: error.keyword, message: `"${base || 'arguments'}" ${error.message}` };
  }
}

const TYPES = [undefined, 'string', 'number', 'integer', 'boolean', 'array', 'object'];
const PATTERNS = [undefined, '^[a-z]+$', '\\d', '^$'];
const NAMES = ['id', 'body', 'a/b', 'x.y', 'toString', 'ü'];
const VALUES: unknown[] = [
  undefined,
  null,
  'abc',
  'ABC',
  '',
  '42',
  0,
  -0,
  1.5,
  7,
  Number.MAX_SAFE_INTEGER + 2,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  ['a'],
  {},
  { nested: 1 },
];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('compileArgumentValidator', () => {
  test('issues are ajv’s for every schema buildInputSchema can produce', () => {
    const next = random(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    let invalid = 0;
    for (let i = 0; i < 300; i++) {
      const names = NAMES.filter(() => next() < 0.5);
      const properties: Record<string, JsonSchema> = {};
      for (const name of names) {
        const property: JsonSchema = {};
        const type = pick(TYPES);
        if (type !== undefined) property.type = type;
        if (next() < 0.5) property.description = `The ${name}.`;
        const pattern = pick(PATTERNS);
        if (pattern !== undefined) property.pattern = pattern;
        properties[name] = property;
      }
      const required = [...names, 'absent'].filter(() => next() < 0.4);
      const schema: JsonSchema = { type: 'object', properties, ...(required.length ? { required } : {}) };
      const validate = compileArgumentValidator({ schema, place });
      const reference = compileWithAjv(schema);
      for (let j = 0; j < 8; j++) {
        const args =
          j === 0
            ? pick(VALUES)
            : Object.fromEntries(names.filter(() => next() < 0.7).map((name) => [name, pick(VALUES)]));
        const expected = reference(args);
        if (expected.length > 0) invalid += 1;
        expect(validate(args), `${JSON.stringify(schema)} with ${JSON.stringify(args)}`).toEqual(expected);
      }
    }
    // Enough failing calls that the comparison is about issues, not only about `[]`.
    expect(invalid).toBeGreaterThan(800);
  });

  test('issues name the field and say what is wrong', () => {
    const validate = compileArgumentValidator({
      place,
      schema: {
        type: 'object',
        properties: { id: { type: 'string', pattern: '^[a-z]+$' }, count: { type: 'integer' } },
        required: ['id'],
      },
    });
    expect(validate({ id: 'abc', count: 2 })).toEqual([]);
    expect(validate({ count: 1.5 })).toEqual([
      { field: 'id', keyword: 'required', message: '"id" is required' },
      { field: 'count', keyword: 'type', message: '"count" must be an integer' },
    ]);
    expect(validate({ id: 'ABC' })).toEqual([
      { field: 'id', keyword: 'pattern', message: '"id" must match pattern "^[a-z]+$"' },
    ]);
    expect(validate([])).toEqual([{ field: '', keyword: 'type', message: 'arguments must be object' }]);
  });

  test('an invalid pattern is ACTION_INVALID naming the parameter and the fix', () => {
    const error = thrown(() =>
      compileArgumentValidator({
        place,
        schema: { type: 'object', properties: { id: { type: 'string', pattern: '[a-' } } },
      }),
    );
    expect(isNaftikoError(error, 'ACTION_INVALID')).toBe(true);
    expect((error as Error).message).toBe(
      'Input parameter "id" of "mcp.tool" has an invalid pattern "[a-": Unterminated character class. Fix the regular expression (JavaScript syntax, unicode mode).',
    );
    expect((error as { data: unknown }).data).toEqual({ place, parameter: 'id' });
  });

  test('a pattern valid only without unicode mode is refused, as JSON Schema validators do', () => {
    // `\-` outside a class is an identity escape: fine in legacy mode, a syntax error with `u`.
    const error = thrown(() =>
      compileArgumentValidator({
        place,
        schema: { type: 'object', properties: { a: { pattern: 'a\\-b' } } },
      }),
    );
    expect(isNaftikoError(error, 'ACTION_INVALID')).toBe(true);
    expect((error as Error).message).toContain('Input parameter "a" of "mcp.tool" has an invalid pattern');
  });

  test.each([
    [{ type: 'object', properties: { id: { type: 'text' } } }, '"type": "text" for "id"'],
    [
      { type: 'object', properties: { id: { type: ['string', 'null'] } } },
      '"type": ["string","null"] for "id"',
    ],
    [{ type: 'object', properties: { id: { enum: ['a'] } } }, '"enum" for "id"'],
    [{ type: 'object', additionalProperties: false }, '"additionalProperties" for the arguments'],
    [{ type: 'array' }, '"type": "array" for the arguments'],
  ])('a schema outside what buildInputSchema produces is ACTION_INVALID, not a crash: %j', (schema, what) => {
    const error = thrown(() => compileArgumentValidator({ place, schema }));
    expect(isNaftikoError(error, 'ACTION_INVALID')).toBe(true);
    expect((error as Error).message).toBe(
      `The input schema of "mcp.tool" uses ${what}, which argument validation does not support.`,
    );
  });
});
