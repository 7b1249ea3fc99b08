/** Text helpers shared by the schema messages. Messages speak YAML: users write YAML. */

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  object: 'a mapping of keys to values',
  array: 'a list',
  null: 'empty',
};

/** "a string" for a JSON Schema type name. */
export function typeWords(type: string): string {
  return TYPE_WORDS[type] ?? type;
}

/** The JSON Schema type name of a parsed YAML value. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A short rendering of a value for a message. */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `a`, `a` or `b`, `a`, `b` or `c` - with each item already formatted. */
export function joinWords(items: readonly string[], conjunction: 'or' | 'and' = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

export function code(text: string): string {
  return `\`${text}\``;
}

export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * How a message names the node at a JSON pointer: `tools[2]`, `info`, `port`, or "the document".
 * Indexes attach to the list they belong to, which is how people read YAML.
 */
export function nodeLabel(pointer: string): string {
  if (pointer === '') return 'The document';
  const segments = pointer.split('/').slice(1).map(unescapePointerSegment);
  let index = segments.length - 1;
  let suffix = '';
  while (index >= 0 && /^\d+$/.test(segments[index]!)) {
    suffix = `[${segments[index]}]${suffix}`;
    index--;
  }
  const name = index >= 0 ? segments[index]! : '';
  return code(`${name}${suffix}`);
}
