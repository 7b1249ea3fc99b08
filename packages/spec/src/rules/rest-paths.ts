import { asString, type CapabilityIndex, dictItems } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

/**
 * Exposed REST paths carry no trailing slash and no query string (Spectral
 * `naftiko-rest-resource-path-no-trailing-slash`, `naftiko-rest-resource-path-no-query`).
 */
export function checkRestPaths(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  for (const expose of index.exposes) {
    if (expose.type !== 'rest') continue;
    for (const { item, pointer } of dictItems(expose.entry, 'resources', expose.pointer)) {
      const path = asString(item.path);
      if (path === undefined) continue;
      if (path.length > 1 && path.endsWith('/')) {
        diagnostics.push(
          createDiagnostic(
            'rest-path-trailing-slash',
            joinPointer(pointer, 'path'),
            `path \`${path}\` ends with \`/\`; write \`${path.replace(/\/+$/, '')}\``,
          ),
        );
      }
      if (path.includes('?')) {
        diagnostics.push(
          createDiagnostic(
            'rest-path-query',
            joinPointer(pointer, 'path'),
            `path \`${path}\` contains a query string; declare query values as \`inputParameters\` with \`in: query\``,
          ),
        );
      }
    }
  }
  return diagnostics;
}
