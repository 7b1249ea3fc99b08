import { describe, expect, test } from 'vitest';
import { isNaftikoError } from '../errors.js';
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

describe('compileArgumentValidator', () => {
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

  test('equal schemas share a validator, different ones never do', () => {
    const optional = { type: 'object', properties: { id: { type: 'string' } } };
    const required = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };
    const first = compileArgumentValidator({ place, schema: structuredClone(optional) });
    const strict = compileArgumentValidator({ place, schema: required });
    const again = compileArgumentValidator({ place, schema: structuredClone(optional) });
    expect(first({})).toEqual([]);
    expect(again({})).toEqual([]);
    expect(strict({})).toEqual([{ field: 'id', keyword: 'required', message: '"id" is required' }]);
    expect(again({ id: 1 })).toEqual([{ field: 'id', keyword: 'type', message: '"id" must be a string' }]);
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

  test('a pattern valid only without unicode mode is refused as ajv would', () => {
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

  test('any other schema ajv cannot compile is ACTION_INVALID, not a crash, and is not cached', () => {
    const schema = { type: 'object', properties: { id: { type: 'text' } } };
    const error = thrown(() => compileArgumentValidator({ place, schema }));
    expect(isNaftikoError(error, 'ACTION_INVALID')).toBe(true);
    expect((error as Error).message).toBe(
      'The input schema of "mcp.tool" cannot be compiled: type must be JSONType or JSONType[]: text. Check its inputParameters.',
    );
    expect(
      isNaftikoError(
        thrown(() => compileArgumentValidator({ place, schema })),
        'ACTION_INVALID',
      ),
    ).toBe(true);
  });
});
