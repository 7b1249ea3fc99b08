import * as api from '@naftiko/exposer-rest';
import { expect, test } from 'vitest';

test('public API: adding or removing an export is a deliberate change', () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "PROBLEM_CONTENT_TYPE",
      "REQUEST_ID_HEADER",
      "buildOpenApiDocument",
      "buildRestApp",
      "createRestExposer",
      "importOpenApi",
      "loadOpenApiSource",
      "planParametersOf",
      "serializeDocument",
    ]
  `);
});
