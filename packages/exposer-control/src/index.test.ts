import * as control from '@naftiko/exposer-control';
import { expect, test } from 'vitest';

test('the public runtime exports (adding one is an API change)', () => {
  expect(Object.keys(control).sort()).toMatchInlineSnapshot(`
    [
      "buildControlStatus",
      "buildReadiness",
      "createControlExposer",
      "createEngineMetrics",
    ]
  `);
});
