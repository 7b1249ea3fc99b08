import { expect, test } from 'vitest';
import { checkArgumentShape } from './check-argument-shape.js';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

test('ordinary arguments pass', () => {
  expect(checkArgumentShape({ id: 'x', body: { events: [{ type: 't', content: [{ text: 'hi' }] }] } })).toBe(
    undefined,
  );
  expect(checkArgumentShape(nested(64))).toBe(undefined);
  expect(checkArgumentShape('not an object')).toBe(undefined);
});

test('too deep or too many keys is an issue naming the limit', () => {
  expect(checkArgumentShape(nested(65))).toEqual({
    field: '',
    keyword: 'maxDepth',
    message: 'the arguments nest deeper than 64 levels; send flatter values',
  });
  expect(checkArgumentShape(nested(5_000))?.keyword).toBe('maxDepth');
  const wide = Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`k${i}`, i]));
  expect(checkArgumentShape(wide)?.keyword).toBe('maxKeys');
  expect(checkArgumentShape({ list: Array.from({ length: 10_001 }, () => 1) })?.keyword).toBe('maxKeys');
  expect(checkArgumentShape({ a: 1 }, { maxDepth: 64, maxKeys: 0 })?.message).toBe(
    'the arguments hold more than 0 keys and items in all; send fewer',
  );
});
