import * as spec from '@naftiko/spec';
import { expect, test } from 'vitest';

test('the public runtime API is exactly this list', () => {
  expect(Object.keys(spec).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_MAX_ALIAS_COUNT",
      "DEFAULT_MAX_BYTES",
      "DEFAULT_MAX_DEPTH",
      "DIAGNOSTIC_CODES",
      "DIALECTS",
      "IKANOS_VERSIONS",
      "MIGRATE_TARGETS",
      "RESILIENCE_KEY",
      "SCHEMA_ISSUE_CODES",
      "SUPPORTED_VERSIONS",
      "argumentName",
      "capabilitySchema",
      "capabilitySchemaFileName",
      "capabilitySchemaId",
      "checkSchema",
      "createCapabilitySchema",
      "editDistance",
      "isDiagnosticCode",
      "isIdentifierName",
      "loadYaml",
      "migrateCapability",
      "parsePointer",
      "readRegularFile",
      "toBaseUriTemplate",
      "toPointer",
      "validateCapability",
    ]
  `);
});

test('the package entry point works end to end', () => {
  const { value, diagnostics } = spec.validateCapability({
    source:
      'naftiko: 1.0.0-alpha2\nconsumes:\n  - {type: http, namespace: a, description: A., baseUri: https://a.test}\n',
  });
  expect(diagnostics).toEqual([]);
  expect(value?.document.consumes?.[0]).toMatchObject({ namespace: 'a' });
});
