import * as api from '@naftiko/consumer-http';
import { expect, test } from 'vitest';

test('the public API is exactly this list', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "createHttpConsumer",
    ]
  `);
});
