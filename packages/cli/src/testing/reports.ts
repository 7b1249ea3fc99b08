import type { FileReport } from '../validate/file-report.js';

// Shared by the formatter tests: two files, an error with a range, a warning, an info, a
// diagnostic in an imported file and one without a position, with characters that need escaping.
export const SOURCE = [
  'naftiko: 1.0.0-alpha2',
  'capability:',
  '  exposes:',
  '    - type: mcp',
  '      namespace: weather-mcp',
  '      tools:',
  '        - name: forecast',
  '          call: weather.forcast',
  '',
].join('\n');

export const REPORTS: FileReport[] = [
  {
    file: 'capabilities/weather.yaml',
    valid: false,
    diagnostics: [
      {
        code: 'unresolved-call',
        severity: 'error',
        message: "Operation 'forcast' does not exist in namespace 'weather'; did you mean 'forecast'?",
        pointer: '/capability/exposes/0/tools/0/call',
        file: 'capabilities/weather.yaml',
        line: 8,
        column: 17,
        endLine: 8,
        endColumn: 32,
      },
      {
        code: 'community-consumes-headers',
        severity: 'warning',
        message:
          'Consumes `headers` is a community construct, 100% fine: use inputParameters with in: header.',
        pointer: '/capability/consumes/0/headers',
        file: 'capabilities/shared/weather-api.yaml',
        line: 2,
        column: 3,
      },
      {
        code: 'unknown-version',
        severity: 'info',
        message: 'No line here,\nand two lines of message.',
        pointer: '',
        file: 'capabilities/weather.yaml',
      },
    ],
  },
  { file: 'capabilities/empty, odd: name.yaml', valid: true, diagnostics: [] },
];
