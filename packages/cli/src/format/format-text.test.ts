import { describe, expect, test } from 'vitest';
import { REPORTS, SOURCE } from '../testing/reports.js';
import { formatText } from './format-text.js';

const SOURCES = new Map([
  ['capabilities/weather.yaml', SOURCE],
  ['capabilities/shared/weather-api.yaml', 'type: http\nheaders:\n  x-api: 1\n'],
]);

describe('formatText', () => {
  test('location, severity, message, code, then a code frame; a summary line last', () => {
    expect(formatText({ reports: REPORTS, sources: SOURCES })).toMatchInlineSnapshot(`
      "capabilities/weather.yaml:8:17  error  Operation 'forcast' does not exist in namespace 'weather'; did you mean 'forecast'?  [unresolved-call]
        7 |         - name: forecast
      > 8 |           call: weather.forcast
          |                 ^^^^^^^^^^^^^^^
        9 |

      capabilities/shared/weather-api.yaml:2:3  warning  Consumes \`headers\` is a community construct, 100% fine: use inputParameters with in: header.  [community-consumes-headers]
        1 | type: http
      > 2 | headers:
          |   ^
        3 |   x-api: 1

      capabilities/weather.yaml  info  No line here,
          and two lines of message.  [unknown-version]

      ✖ 1 error, 1 warning, 1 info in 2 files
      "
    `);
  });

  test('without sources the diagnostics print without frames', () => {
    const output = formatText({ reports: REPORTS });
    expect(output).not.toContain(' | ');
    expect(output).toContain('capabilities/weather.yaml:8:17  error');
  });

  test('a valid run is one line; quiet and valid is nothing at all', () => {
    const reports = [{ file: 'a.yaml', valid: true, diagnostics: [] }];
    expect(formatText({ reports })).toBe('✔ 1 file valid\n');
    expect(formatText({ reports, quiet: true })).toBe('');
  });

  test('warnings keep a run valid and are counted in the summary', () => {
    const reports = [
      { file: 'a.yaml', valid: true, diagnostics: [] },
      {
        file: 'b.yaml',
        valid: true,
        diagnostics: [{ code: 'w', severity: 'warning' as const, message: 'm', pointer: '' }],
      },
    ];
    expect(formatText({ reports }).split('\n').at(-2)).toBe('✔ 2 files valid (1 warning)');
  });

  test('colour wraps severity, carets and summary in ANSI codes only when asked', () => {
    const coloured = formatText({ reports: REPORTS, sources: SOURCES, color: true });
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured).toContain('\u001b[31m^^^^^^^^^^^^^^^\u001b[39m');
    expect(coloured).toContain('\u001b[33mwarning\u001b[39m');
    expect(coloured).toContain('\u001b[31m✖\u001b[39m');
    expect(formatText({ reports: REPORTS, sources: SOURCES })).not.toContain('\u001b[');
  });

  test('a position past the end of the file prints no frame instead of failing', () => {
    const reports = [
      {
        file: 'a.yaml',
        valid: false,
        diagnostics: [
          { code: 'c', severity: 'error' as const, message: 'm', pointer: '', line: 99, column: 1 },
        ],
      },
    ];
    expect(formatText({ reports, sources: new Map([['a.yaml', 'a: 1\n']]), quiet: true })).toBe(
      'a.yaml:99:1  error  m  [c]\n',
    );
  });

  test('control characters from the file never reach the terminal raw', () => {
    const reports = [
      {
        file: 'evil.yaml',
        valid: false,
        diagnostics: [
          {
            code: 'c',
            severity: 'error' as const,
            message: 'unknown key `\u001b]0;pwned\u0007`',
            pointer: '',
            line: 1,
            column: 12,
            endColumn: 13,
          },
        ],
      },
    ];
    const output = formatText({
      reports,
      sources: new Map([['evil.yaml', 'key: "\u001b[2J\u0000\u009b" x\u007f']]),
      quiet: true,
    });
    expect(output).toBe(
      'evil.yaml:1:12  error  unknown key `␛]0;pwned␇`  [c]\n' +
        '> 1 | key: "␛[2J␀\ufffd" x␡\n' +
        '    |            ^\n',
    );
  });
});
