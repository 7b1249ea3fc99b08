import * as spec from '@naftiko/spec';
import { expect, test } from 'vitest';

test('skeleton', () => {
  expect(spec).toBeDefined();
});
