import { asDict, asString, type CapabilityIndex, dictItems } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

/**
 * Descriptions and labels end up rendered in documentation and agent UIs; third-party capability
 * files must not smuggle scripts into them (Spectral `naftiko-no-script-tags-in-markdown`,
 * `naftiko-no-eval-in-markdown`). `<script` is matched case-insensitively, which is stricter than
 * the Spectral pattern: browsers parse `<SCRIPT` too.
 */
export function checkMarkdownInjection(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  const inspect = (value: unknown, pointer: string) => {
    const text = asString(value);
    if (text === undefined) return;
    if (/<script/i.test(text)) {
      diagnostics.push(
        createDiagnostic(
          'markdown-script-tag',
          pointer,
          'this text contains `<script`, which runs when rendered as HTML; remove the tag',
        ),
      );
    }
    // A word boundary keeps `retrieval(` apart from `eval(`.
    if (/\beval\s*\(/.test(text)) {
      diagnostics.push(
        createDiagnostic(
          'markdown-eval',
          pointer,
          'this text contains `eval(`, a JavaScript injection pattern; rephrase it',
        ),
      );
    }
  };
  const info = asDict(index.document.info);
  if (info) {
    inspect(info.label, '/info/label');
    inspect(info.description, '/info/description');
  }
  for (const consumes of index.consumes)
    inspect(consumes.entry.description, joinPointer(consumes.pointer, 'description'));
  for (const expose of index.exposes) {
    inspect(expose.entry.description, joinPointer(expose.pointer, 'description'));
    if (expose.type === 'rest') {
      for (const { item, pointer } of dictItems(expose.entry, 'resources', expose.pointer)) {
        inspect(item.description, joinPointer(pointer, 'description'));
        for (const operation of dictItems(item, 'operations', pointer)) {
          inspect(operation.item.description, joinPointer(operation.pointer, 'description'));
        }
      }
    } else if (expose.type === 'mcp') {
      for (const { item, pointer } of dictItems(expose.entry, 'tools', expose.pointer)) {
        inspect(item.description, joinPointer(pointer, 'description'));
      }
    } else if (expose.type === 'skill') {
      for (const { item, pointer } of dictItems(expose.entry, 'skills', expose.pointer)) {
        inspect(item.description, joinPointer(pointer, 'description'));
      }
    }
  }
  return diagnostics;
}
