import { expect, test } from 'vitest';
import { didYouMean } from './did-you-mean.js';

test('suggests the closest candidate for a typo, a transposition or a prefix', () => {
  const candidates = ['validate', 'run', 'export', 'import'];
  expect(didYouMean({ input: 'valdate', candidates })).toBe('validate');
  expect(didYouMean({ input: 'vaildate', candidates })).toBe('validate');
  expect(didYouMean({ input: 'val', candidates })).toBe('validate');
  expect(didYouMean({ input: 'rnu', candidates })).toBe('run');
  expect(didYouMean({ input: 'rn', candidates })).toBe('run');
  expect(didYouMean({ input: 'RU', candidates })).toBe('run');
  expect(didYouMean({ input: 'VALIDATE', candidates })).toBe('validate');
});

test('suggests nothing when no candidate is plausibly meant', () => {
  expect(didYouMean({ input: 'frobnicate', candidates: ['validate', 'run'] })).toBeUndefined();
  expect(didYouMean({ input: 'x', candidates: ['validate'] })).toBeUndefined();
  expect(didYouMean({ input: 'nr', candidates: ['run'] })).toBeUndefined();
  expect(didYouMean({ input: '-x', candidates: ['-h', '--help'] })).toBeUndefined();
  expect(didYouMean({ input: 'anything', candidates: [] })).toBeUndefined();
});
