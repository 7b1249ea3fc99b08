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
  if (countOpeners(text, maxDepth) + LEAF_DEPTH <= maxDepth) return -1;
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

/** How deep a leaf group (`{{id}}`) nests while it lasts, if its brackets are flow indicators. */
const LEAF_DEPTH = 2;

/**
 * An upper bound of the flow depth, counting until it passes `limit`: every `[` and `{` (whatever
 * precedes it, since `&a[`, `-[` or `"a":[` open collections too), except leaf groups such as the
 * templates `{{id}}` and `{session_id}` or an index `[0]`. A leaf group holds no bracket, quote or
 * comment, so its brackets are either all text or a balanced nesting of at most LEAF_DEPTH levels
 * that ends with the group: skipping them keeps the bound, and template-heavy files skip the lexer.
 */
function countOpeners(text: string, limit: number): number {
  let count = 0;
  for (let index = 0; index < text.length && count <= limit; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== OPEN_SQUARE && code !== OPEN_CURLY) continue;
    const end = leafGroupEnd(text, index);
    if (end < 0) count += 1;
    else index = end - 1;
  }
  return count;
}

/** The end (exclusive) of `[x]`, `{x}` or `{{x}}` starting at `start`, or -1; see isLeafText. */
function leafGroupEnd(text: string, start: number): number {
  const open = text.charCodeAt(start);
  const close = open === OPEN_SQUARE ? CLOSE_SQUARE : CLOSE_CURLY;
  const double = open === OPEN_CURLY && text.charCodeAt(start + 1) === OPEN_CURLY;
  let index = start + (double ? 2 : 1);
  while (index < text.length && isLeafText(text.charCodeAt(index))) index += 1;
  if (text.charCodeAt(index) !== close) return -1;
  if (!double) return index + 1;
  return text.charCodeAt(index + 1) === close ? index + 2 : -1;
}

/** Letters, digits, `_`, `.`, `-` and spaces: nothing that can switch between text and flow. */
function isLeafText(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f ||
    code === 0x2e ||
    code === 0x2d ||
    code === 0x20
  );
}

const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;
