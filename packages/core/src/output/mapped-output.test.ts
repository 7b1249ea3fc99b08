import type { MappedOutputParameterSpec } from '@naftiko/spec';
import { describe, expect, test } from 'vitest';
import { compileMappedOutput } from './mapped-output.js';

const shape = (
  parameters: MappedOutputParameterSpec[],
  root: unknown,
  context: Record<string, unknown> = {},
) => compileMappedOutput({ parameters, place: 'test' }).shape(root, context);

describe('mapped output parameters', () => {
  test('scalars are coerced losslessly to their declared type', () => {
    const root = { n: '12.5', b: 'true', s: 7, o: { a: 1 }, weird: 'abc' };
    expect(shape([{ type: 'number', mapping: '$.n' }], root)).toBe(12.5);
    expect(shape([{ type: 'boolean', mapping: '$.b' }], root)).toBe(true);
    expect(shape([{ type: 'string', mapping: '$.s' }], root)).toBe('7');
    expect(shape([{ type: 'string', mapping: '$.o' }], root)).toBe('{"a":1}');
    expect(shape([{ type: 'number', mapping: '$.weird' }], root)).toBe('abc');
  });

  test('value templates render over the context and win over mapping', () => {
    expect(
      shape(
        [{ type: 'string', value: 'id-{{tools.id}}', mapping: '$.x' }],
        { x: 'no' },
        { tools: { id: 3 } },
      ),
    ).toBe('id-3');
  });

  test('the first non-null top-level parameter is the output', () => {
    const parameters: MappedOutputParameterSpec[] = [
      { type: 'string', mapping: '$.missing' },
      { type: 'array', mapping: '$.list', items: { type: 'string', mapping: '$.' } },
    ];
    expect(shape(parameters, { list: [1, 'a'] })).toEqual(['1', 'a']);
    expect(shape(parameters, {})).toBeNull();
  });

  test('arrays: a single selected value is wrapped; items apply per element; nested objects use the element', () => {
    const parameters: MappedOutputParameterSpec[] = [
      {
        type: 'array',
        mapping: '$.vessel',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string', mapping: '$.id' },
            dates: { type: 'object', properties: { from: { type: 'string', mapping: '$.departure' } } },
          },
        },
      },
    ];
    expect(shape(parameters, { vessel: { id: 'v1', departure: 'd1' } })).toEqual([
      { id: 'v1', dates: { from: 'd1' } },
    ]);
    expect(shape(parameters, { vessel: [{ id: 'v1' }, { id: 'v2', departure: 'd2' }] })).toEqual([
      { id: 'v1', dates: { from: null } },
      { id: 'v2', dates: { from: 'd2' } },
    ]);
  });

  test('an object without properties and without mapping is the base itself', () => {
    expect(shape([{ type: 'object' } as MappedOutputParameterSpec], { a: 1 })).toEqual({ a: 1 });
  });
});
