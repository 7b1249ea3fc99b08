import { describe, expect, test } from 'vitest';
import { buildInputSchema } from './input-schema.js';
import { compileArgumentValidator } from './validate-arguments.js';

describe('buildInputSchema', () => {
  test('a parameter named __proto__ is a declared, validated property, not the prototype', () => {
    const schema = buildInputSchema({
      inputParameters: [
        { name: '__proto__', type: 'string', description: 'An odd but valid name.' },
        { name: 'id', type: 'integer', description: 'An id.', required: false },
      ],
      withs: [],
    });
    expect(Object.keys(schema.properties as object)).toEqual(['__proto__', 'id']);
    expect(Object.getPrototypeOf(schema.properties)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(schema))).toEqual({
      type: 'object',
      properties: JSON.parse(
        '{"__proto__": {"type": "string", "description": "An odd but valid name."}, "id": {"type": "integer", "description": "An id."}}',
      ),
      required: ['__proto__'],
    });
    const validate = compileArgumentValidator({ schema, place: '"mcp.tool"' });
    expect(validate(JSON.parse('{"__proto__": 5}'))).toEqual([
      { field: '__proto__', keyword: 'type', message: '"__proto__" must be a string' },
    ]);
    expect(validate(JSON.parse('{"__proto__": "x", "id": 2}'))).toEqual([]);
  });
});
