import { describe, expect, it } from 'vitest';
import { getQueryArray, getQueryValue, parseQuery } from './parse-query.js';

describe('parseQuery', () => {
  it('decodes keys and values and keeps repeated keys in order', () => {
    const query = parseQuery(
      'statuses%5B%5D=idle&statuses%5B%5D=running&created_at%5Bgte%5D=2026-01-01T00%3A00%3A00Z&a=1&a=2',
    );
    expect(query).toEqual({
      'statuses[]': ['idle', 'running'],
      'created_at[gte]': ['2026-01-01T00:00:00Z'],
      a: ['1', '2'],
    });
    expect(parseQuery('')).toEqual({});
  });

  it('is not fooled by keys named like Object.prototype members', () => {
    const query = parseQuery('constructor=x&__proto__=y');
    expect(query.constructor).toEqual(['x']);
    expect(Object.getPrototypeOf(query)).toBeNull();
  });
});

describe('getQueryArray', () => {
  it('accepts brackets, indices and plain repeated keys, and nothing else', () => {
    const query = parseQuery('types[]=a&types[0]=b&types=c&typesx=d&other[]=e');
    expect(getQueryArray(query, 'types')).toEqual(['a', 'b', 'c']);
    expect(getQueryArray(query, 'missing')).toEqual([]);
  });
});

describe('getQueryValue', () => {
  it('takes the last value of a repeated scalar', () => {
    expect(getQueryValue(parseQuery('limit=1&limit=5'), 'limit')).toBe('5');
    expect(getQueryValue(parseQuery(''), 'limit')).toBeUndefined();
  });
});
