import { isDict } from './capability-index.js';
import { joinPointer } from './json-pointer.js';

// {{name}}, {{{name}}}, {{& name}}, {{#section}}, {{^inverted}}, {{/close}}; not comments or partials.
const MUSTACHE = /\{\{(\{?)\s*([#^/&]?)\s*([^{}!>]*?)\s*\}?\}\}/g;

/** Variable names referenced by Mustache tags in `text`, in order (dotted names kept whole). */
export function templateReferences(text: string): string[] {
  if (!text.includes('{{')) return [];
  const names: string[] = [];
  for (const match of text.matchAll(MUSTACHE)) {
    const name = match[3]!;
    if (name === '' || name === '.' || match[2] === '/') continue;
    names.push(name);
  }
  return names;
}

/** Calls `visit` for every string inside `value` (nested objects and arrays included). */
export function visitStrings(
  value: unknown,
  pointer: string,
  visit: (text: string, pointer: string) => void,
): void {
  if (typeof value === 'string') {
    visit(value, pointer);
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1)
      visitStrings(value[index], joinPointer(pointer, index), visit);
  } else if (isDict(value)) {
    for (const [key, item] of Object.entries(value)) visitStrings(item, joinPointer(pointer, key), visit);
  }
}
