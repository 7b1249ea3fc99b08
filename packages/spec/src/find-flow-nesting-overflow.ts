import { Lexer } from 'yaml';

// Lexer tokens that stand for a state change and occupy no source text.
const CONTROL_TOKENS = new Set(['\u0002', '\u0018', '\u001f']);

/**
 * Returns the source offset of the first `[` or `{` that opens a flow collection deeper than
 * `maxDepth`, or -1. The YAML composer recurses per flow level and runs out of memory on a few
 * hundred thousand brackets, while the lexer is linear and knows quotes, comments and block
 * scalars exactly, so its token stream is checked first.
 */
export function findFlowNestingOverflow(text: string, maxDepth: number): number {
  // Depth cannot exceed the number of opening brackets; most files have few, so skip the lexer.
  if (countOpeners(text, maxDepth) <= maxDepth) return -1;
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      depth += 1;
      if (depth > maxDepth) return offset;
    } else if ((token === ']' || token === '}') && depth > 0) {
      depth -= 1;
    }
    if (!CONTROL_TOKENS.has(token)) offset += token.length;
  }
  return -1;
}

/**
 * Counts `[` and `{` where a flow collection can start (line start, after whitespace, `[`, `{`,
 * `,` or `:`), stopping once the count passes `limit`. An upper bound of the flow depth that
 * skips template braces such as `/items/{{id}}`.
 */
function countOpeners(text: string, limit: number): number {
  let count = 0;
  let previous = 0x0a;
  for (let index = 0; index < text.length && count <= limit; index += 1) {
    const code = text.charCodeAt(index);
    if ((code === 0x5b || code === 0x7b) && BOUNDARY.has(previous)) count += 1;
    previous = code;
  }
  return count;
}

// \t \n \r space , : [ {
const BOUNDARY = new Set([0x09, 0x0a, 0x0d, 0x20, 0x2c, 0x3a, 0x5b, 0x7b]);
