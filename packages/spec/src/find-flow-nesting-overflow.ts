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
