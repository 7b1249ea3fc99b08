import * as core from '@naftiko/core';
import { expect, test } from 'vitest';

test('the public runtime exports (adding one is an API change)', () => {
  expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_ARGUMENT_LIMITS",
      "NaftikoError",
      "REDACTED",
      "checkArgumentShape",
      "checkCapability",
      "compileJsonPath",
      "compileTemplate",
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
      "dropConnectionNamed",
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
      "namedInConnection",
      "redactError",
      "resolveBindings",
      "resolveFileLocation",
      "secretForms",
      "sendError",
      "sendJson",
      "silentLogger",
      "splitTarget",
      "withoutQueryKey",
    ]
  `);
});
