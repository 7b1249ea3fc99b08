import { describe, expect, test } from 'vitest';
import { codeFrame, splitLines } from './code-frame.js';
import { createColors } from './create-colors.js';

const colors = createColors({ enabled: false });
const accent = (text: string) => text;

describe('codeFrame', () => {
  test('a range that runs onto later lines is underlined to the end of its first line', () => {
    const lines = splitLines('a:\n  b: [1,\n    2]\nc: 3');
    expect(
      codeFrame({ lines, line: 2, column: 6, endLine: 3, endColumn: 7, colors, accent }),
    ).toMatchInlineSnapshot(`
      "  1 | a:
      > 2 |   b: [1,
          |      ^^^
        3 |     2]"
    `);
  });

  test('tabs in the prefix are kept so the caret lines up', () => {
    const frame = codeFrame({ lines: ['\tkey: value'], line: 1, column: 7, endColumn: 12, colors, accent });
    expect(frame.split('\n')[1]).toBe('    | \t     ^^^^^');
  });

  test('the gutter is as wide as the widest line number shown', () => {
    const lines = Array.from({ length: 10 }, (_, index) => `k${index + 1}: v`);
    expect(codeFrame({ lines, line: 9, column: 1, colors, accent, context: 1 })).toMatchInlineSnapshot(`
      "   8 | k8: v
      >  9 | k9: v
           | ^
        10 | k10: v"
    `);
  });

  test('CRLF and CR line endings count lines like LF', () => {
    expect(splitLines('a\r\nb\rc\nd')).toEqual(['a', 'b', 'c', 'd']);
  });
});
