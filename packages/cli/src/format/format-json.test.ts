import { expect, test } from 'vitest';
import { REPORTS } from '../testing/reports.js';
import { formatJson } from './format-json.js';

test('one stable document with every file, its diagnostics in fixed key order, and a summary', () => {
  const output = formatJson({ reports: REPORTS });
  expect(output.endsWith('}\n')).toBe(true);
  expect(JSON.parse(output)).toMatchInlineSnapshot(`
    {
      "files": [
        {
          "diagnostics": [
            {
              "code": "unresolved-call",
              "column": 17,
              "endColumn": 32,
              "endLine": 8,
              "file": "capabilities/weather.yaml",
              "line": 8,
              "message": "Operation 'forcast' does not exist in namespace 'weather'; did you mean 'forecast'?",
              "pointer": "/capability/exposes/0/tools/0/call",
              "severity": "error",
            },
            {
              "code": "community-consumes-headers",
              "column": 3,
              "file": "capabilities/shared/weather-api.yaml",
              "line": 2,
              "message": "Consumes \`headers\` is a community construct, 100% fine: use inputParameters with in: header.",
              "pointer": "/capability/consumes/0/headers",
              "severity": "warning",
            },
            {
              "code": "unknown-version",
              "file": "capabilities/weather.yaml",
              "message": "No line here,
    and two lines of message.",
              "pointer": "",
              "severity": "info",
            },
          ],
          "file": "capabilities/weather.yaml",
          "valid": false,
        },
        {
          "diagnostics": [],
          "file": "capabilities/empty, odd: name.yaml",
          "valid": true,
        },
      ],
      "summary": {
        "errors": 1,
        "files": 2,
        "warnings": 1,
      },
      "version": 1,
    }
  `);
  // The snapshot above sorts keys; the document itself keeps a fixed, readable order.
  expect(Object.keys(JSON.parse(output))).toEqual(['version', 'files', 'summary']);
  expect(Object.keys(JSON.parse(output).files[0].diagnostics[0])).toEqual([
    'code',
    'severity',
    'message',
    'pointer',
    'file',
    'line',
    'column',
    'endLine',
    'endColumn',
  ]);
});

test('a diagnostic without a file takes the file of its report', () => {
  const output = formatJson({
    reports: [
      {
        file: 'a.yaml',
        valid: false,
        diagnostics: [{ code: 'c', severity: 'error', message: 'm', pointer: '' }],
      },
    ],
  });
  expect(JSON.parse(output).files[0].diagnostics[0].file).toBe('a.yaml');
});
