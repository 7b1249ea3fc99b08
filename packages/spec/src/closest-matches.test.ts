import { expect, test } from 'vitest';
import { closestMatches, didYouMean } from './closest-matches.js';

test('typos first, then the same name in another namespace, then containment', () => {
  const candidates = ['orders.get-order', 'orders.list-orders', 'billing.get-ordr', 'shop.get-order-lines'];
  expect(closestMatches('orders.get-ordr', candidates)).toEqual([
    'orders.get-order',
    'billing.get-ordr',
    'orders.list-orders',
  ]);
  expect(closestMatches('shop.get-ordr', ['orders.get-ordr', 'zzz.yyy'])).toEqual(['orders.get-ordr']);
  expect(closestMatches('completely-different', candidates)).toEqual([]);
});

test('formats a suggestion for a message', () => {
  expect(didYouMean('statu', ['status'])).toBe('; did you mean `status`?');
  expect(didYouMean('ab', ['abc', 'abd'])).toBe('; did you mean `abc` or `abd`?');
  expect(didYouMean('x', [])).toBe('');
});
