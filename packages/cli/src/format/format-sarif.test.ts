import { describe, expect, test } from 'vitest';
import { compileSarifSchema } from '../testing/compile-sarif-schema.js';
import { REPORTS } from '../testing/reports.js';
import { formatSarif } from './format-sarif.js';

const validateSarif = compileSarifSchema();

function sarif(reports = REPORTS) {
  return formatSarif({
    reports,
    cwd: '/work/repo',
    toolVersion: '1.2.3',
    describeRule: (code) =>
      code === 'unresolved-call' ? 'A call names an operation that does not exist' : undefined,
  });
}

describe('formatSarif', () => {
  test('the log validates against the official SARIF 2.1.0 schema', () => {
    const log = JSON.parse(sarif());
    expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
  });

  test('the schema check is real: a broken log is rejected', () => {
    const log = JSON.parse(sarif());
    log.runs[0].results[0].level = 'fatal';
    expect(validateSarif(log)).toBe(false);
  });

  test('one run, rules from the codes in order of appearance, results with locations', () => {
    expect(JSON.parse(sarif())).toMatchInlineSnapshot(`
      {
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "runs": [
          {
            "columnKind": "utf16CodeUnits",
            "originalUriBaseIds": {
              "%SRCROOT%": {
                "uri": "file:///work/repo/",
              },
            },
            "results": [
              {
                "level": "error",
                "locations": [
                  {
                    "logicalLocations": [
                      {
                        "fullyQualifiedName": "/capability/exposes/0/tools/0/call",
                        "kind": "member",
                      },
                    ],
                    "physicalLocation": {
                      "artifactLocation": {
                        "uri": "capabilities/weather.yaml",
                        "uriBaseId": "%SRCROOT%",
                      },
                      "region": {
                        "endColumn": 32,
                        "endLine": 8,
                        "startColumn": 17,
                        "startLine": 8,
                      },
                    },
                  },
                ],
                "message": {
                  "text": "Operation 'forcast' does not exist in namespace 'weather'; did you mean 'forecast'?",
                },
                "ruleId": "unresolved-call",
                "ruleIndex": 0,
              },
              {
                "level": "warning",
                "locations": [
                  {
                    "logicalLocations": [
                      {
                        "fullyQualifiedName": "/capability/consumes/0/headers",
                        "kind": "member",
                      },
                    ],
                    "physicalLocation": {
                      "artifactLocation": {
                        "uri": "capabilities/shared/weather-api.yaml",
                        "uriBaseId": "%SRCROOT%",
                      },
                      "region": {
                        "startColumn": 3,
                        "startLine": 2,
                      },
                    },
                  },
                ],
                "message": {
                  "text": "Consumes \`headers\` is a community construct, 100% fine: use inputParameters with in: header.",
                },
                "ruleId": "community-consumes-headers",
                "ruleIndex": 1,
              },
              {
                "level": "note",
                "locations": [
                  {
                    "physicalLocation": {
                      "artifactLocation": {
                        "uri": "capabilities/weather.yaml",
                        "uriBaseId": "%SRCROOT%",
                      },
                    },
                  },
                ],
                "message": {
                  "text": "No line here,
      and two lines of message.",
                },
                "ruleId": "unknown-version",
                "ruleIndex": 2,
              },
            ],
            "tool": {
              "driver": {
                "name": "naftiko",
                "rules": [
                  {
                    "id": "unresolved-call",
                    "shortDescription": {
                      "text": "A call names an operation that does not exist",
                    },
                  },
                  {
                    "id": "community-consumes-headers",
                  },
                  {
                    "id": "unknown-version",
                  },
                ],
                "semanticVersion": "1.2.3",
                "version": "1.2.3",
              },
            },
          },
        ],
        "version": "2.1.0",
      }
    `);
  });

  test('a file outside the cwd gets an absolute file URI; names are percent-encoded', () => {
    const log = JSON.parse(
      sarif([
        {
          file: '/elsewhere/a b.yaml',
          valid: false,
          diagnostics: [{ code: 'c', severity: 'error', message: 'm', pointer: '', line: 1, column: 1 }],
        },
        {
          file: 'dir/a b#1.yaml',
          valid: false,
          diagnostics: [{ code: 'c', severity: 'warning', message: 'm', pointer: '' }],
        },
      ]),
    );
    expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
    const [outside, inside] = log.runs[0].results;
    expect(outside.locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'file:///elsewhere/a%20b.yaml',
    });
    expect(inside.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'dir/a%20b%231.yaml', uriBaseId: '%SRCROOT%' },
    });
    expect(log.runs[0].tool.driver.rules).toEqual([{ id: 'c' }]);
    expect(inside.ruleIndex).toBe(0);
  });

  test('no diagnostics is a valid log with no results', () => {
    const log = JSON.parse(sarif([{ file: 'a.yaml', valid: true, diagnostics: [] }]));
    expect(validateSarif(log)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
  });
});
