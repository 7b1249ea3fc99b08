import { asDict, asString, type CapabilityIndex, dictItems } from '../capability-index.js';
import { didYouMean } from '../closest-matches.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';
import { visitStrings } from '../template-references.js';

/**
 * Two mistakes that otherwise fail quietly at run time. A `with` value naming an argument
 * (`tools-mcp.item_idd`, `tools.x`, `rest.x`) that a tool or route declaring its arguments does
 * not have: the value is silently omitted on every call. And an unclosed `{{` in any string:
 * the text is sent or shown with the broken tag in it.
 */
export function checkArgumentReferences(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  for (const unit of index.units) {
    const namespace = unit.expose?.namespace;
    if (namespace === undefined || !unit.declaresInputParameters || unit.entry.ref !== undefined) continue;
    const roots = new Set(['tools', 'rest', namespace]);
    const withs: Array<[unknown, string]> = [[unit.entry.with, joinPointer(unit.pointer, 'with')]];
    for (const { item: step, pointer } of dictItems(unit.entry, 'steps', unit.pointer)) {
      withs.push([step.with, joinPointer(pointer, 'with')]);
    }
    for (const [values, pointer] of withs) {
      for (const [key, value] of Object.entries(asDict(values) ?? {})) {
        const text = asString(value);
        const match = text === undefined ? null : /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_*-]+)(?:\.|$)/.exec(text);
        if (!match || !roots.has(match[1]!) || unit.argumentNames.has(match[2]!)) continue;
        // Argument names may be dotted themselves (`proceedings.name`).
        const path = (text as string).slice(match[1]!.length + 1);
        if ([...unit.argumentNames].some((name) => path === name || path.startsWith(`${name}.`))) continue;
        const root = match[1]!;
        const suggestion = didYouMean(
          `${root}.${match[2]}`,
          [...unit.argumentNames].map((name) => `${root}.${name}`),
        );
        diagnostics.push(
          createDiagnostic(
            'unknown-argument-reference',
            joinPointer(pointer, key),
            `\`${text}\` names no argument of this ${unit.expose?.type === 'rest' ? 'operation' : 'tool'}, so \`${key}\` would be left out of every call${suggestion || `; declare \`${match[2]}\` in its \`inputParameters\``}`,
          ),
        );
      }
    }
  }
  visitStrings(index.document, '', (text, pointer) => {
    if (hasUnclosedTag(text)) {
      diagnostics.push(
        createDiagnostic(
          'unclosed-template',
          pointer,
          `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\` opens a \`{{\` that is never closed; close it with \`}}\` (or write the braces some other way)`,
        ),
      );
    }
  });
  return diagnostics;
}

/** A `{{` with no `}}` before the next `{{` (or the end). */
function hasUnclosedTag(text: string): boolean {
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) return false;
    let start = open + 2;
    while (text[start] === '{') start += 1; // `{{{raw}}}`
    const close = text.indexOf('}}', start);
    const next = text.indexOf('{{', start);
    if (close < 0 || (next >= 0 && next < close)) return true;
    from = close + 2;
  }
}
