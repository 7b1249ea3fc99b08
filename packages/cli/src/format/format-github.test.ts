import { describe, expect, test } from 'vitest';
import { REPORTS } from '../testing/reports.js';
import { escapeData, escapeProperty, formatGithub } from './format-github.js';

describe('formatGithub', () => {
  test('one workflow command per diagnostic, then a plain summary line', () => {
    expect(formatGithub({ reports: REPORTS })).toMatchInlineSnapshot(`
      "::error file=capabilities/weather.yaml,line=8,col=17,endLine=8,endColumn=32,title=unresolved-call::Operation 'forcast' does not exist in namespace 'weather'; did you mean 'forecast'?
      ::warning file=capabilities/shared/weather-api.yaml,line=2,col=3,title=community-consumes-headers::Consumes \`headers\` is a community construct, 100%25 fine: use inputParameters with in: header.
      ::notice file=capabilities/weather.yaml,title=unknown-version::No line here,%0Aand two lines of message.
      ✖ 1 error, 1 warning, 1 info in 2 files
      "
    `);
  });

  test('quiet leaves out the summary', () => {
    expect(formatGithub({ reports: [{ file: 'a.yaml', valid: true, diagnostics: [] }], quiet: true })).toBe(
      '',
    );
  });

  test('property values escape % CR LF : and , ; messages escape % CR LF only', () => {
    expect(escapeProperty('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac%3Ad%2Ce');
    expect(escapeData('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac:d,e');
    const [command] = formatGithub({
      reports: [
        {
          file: 'odd, name: x.yaml',
          valid: false,
          diagnostics: [{ code: 'c', severity: 'error', message: 'm', pointer: '', line: 1 }],
        },
      ],
      quiet: true,
    }).split('\n');
    expect(command).toBe('::error file=odd%2C name%3A x.yaml,line=1,title=c::m');
  });
});
