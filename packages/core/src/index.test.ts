import * as core from '@naftiko/core';
import { expect, test } from 'vitest';

test('the public runtime exports (adding one is an API change)', () => {
  expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
    [
      "NaftikoError",
      "REDACTED",
      "checkCapability",
      "compileJsonPath",
      "compileTemplate",
      "consumedPathPlaceholders",
      "createActionFactory",
      "createCapability",
      "createEngine",
      "createGuardedHandler",
      "createInboundAuth",
      "createJsonLogger",
      "createObserverHub",
      "createRedactingLogger",
      "createRedactor",
      "createTemplateContext",
      "emptyBindingValues",
      "findAggregateFunction",
      "findConsumedOperation",
      "isLoopbackAddress",
      "isNaftikoError",
      "isStreamingOperation",
      "listTemplateVariables",
      "listenHttpServer",
      "loadCapability",
      "lookupPath",
      "naftikoErrorCodes",
      "planConsumedParameters",
      "planRestParameters",
      "redactError",
      "resolveBindings",
      "resolveFileLocation",
      "sendError",
      "sendJson",
      "silentLogger",
      "splitTarget",
    ]
  `);
});
