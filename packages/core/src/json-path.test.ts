import { describe, expect, test } from 'vitest';
import { isNaftikoError } from './errors.js';
import { compileJsonPath } from './json-path.js';

const doc = {
  a: {
    b: [
      { id: 1, tag: 'x' },
      { id: 2, tag: 'y' },
    ],
    n: null,
  },
  list: [3, 4],
};

describe('compileJsonPath', () => {
  test('$ and $. are the whole document', () => {
    expect(compileJsonPath('$', { place: 'p' }).evaluate(doc)).toBe(doc);
    expect(compileJsonPath('$.', { place: 'p' }).evaluate(doc)).toBe(doc);
    expect(compileJsonPath('$.', { place: 'p' }).evaluate('text')).toBe('text');
  });

  test('a definite path yields the value or null; an indefinite one the list of matches', () => {
    expect(compileJsonPath('$.a.b[1].id', { place: 'p' }).evaluate(doc)).toBe(2);
    expect(compileJsonPath('$.a.missing', { place: 'p' }).evaluate(doc)).toBeNull();
    const ids = compileJsonPath('$.a.b[*].id', { place: 'p' });
    expect(ids.definite).toBe(false);
    expect(ids.evaluate(doc)).toEqual([1, 2]);
    // One match is still a list for an indefinite path.
    expect(compileJsonPath('$.a.b[?(@.tag=="y")].id', { place: 'p' }).evaluate(doc)).toEqual([2]);
    expect(compileJsonPath('$..id', { place: 'p' }).evaluate(doc)).toEqual([1, 2]);
  });

  test('paths without the root are read from the root', () => {
    expect(compileJsonPath('a.b[0].tag', { place: 'p' }).evaluate(doc)).toBe('x');
  });

  test('scalars have no members', () => {
    expect(compileJsonPath('$.a', { place: 'p' }).evaluate(42)).toBeNull();
  });

  test('filters run without JavaScript eval', () => {
    let error: unknown;
    try {
      compileJsonPath('$.a.b[?(@.constructor.constructor("return process")())]', {
        place: 'outputs',
      }).evaluate(doc);
    } catch (caught) {
      error = caught;
    }
    expect(isNaftikoError(error, 'ACTION_INVALID')).toBe(true);
  });
});
