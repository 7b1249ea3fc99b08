import { expect, test } from 'vitest';
import { editDistance } from './edit-distance.js';

test('counts insertions, deletions, substitutions and adjacent transpositions as one edit each', () => {
  expect(editDistance('run', 'run')).toBe(0);
  expect(editDistance('valdate', 'validate')).toBe(1);
  expect(editDistance('validatex', 'validate')).toBe(1);
  expect(editDistance('statys', 'status')).toBe(1);
  expect(editDistance('rnu', 'run')).toBe(1);
  expect(editDistance('', 'abc')).toBe(3);
  expect(editDistance('kitten', 'sitting')).toBe(3);
});

test('gives up with limit + 1 once the distance must exceed the limit', () => {
  expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  expect(editDistance('a', 'abcdef', 2)).toBe(3);
  expect(editDistance('kitten', 'sitting', 3)).toBe(3);
});
