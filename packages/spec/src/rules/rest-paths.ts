import { asString, type CapabilityIndex, dictItems } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

const PLACEHOLDER = /\{\{\s*[^{}\s]+\s*\}\}|\{[^{}]+\}/g;

/**
 * Exposed REST paths carry no trailing slash and no query string (Spectral
 * `naftiko-rest-resource-path-no-trailing-slash`, `naftiko-rest-resource-path-no-query`), and
 * each method + path is served once per expose, as the REST exposer's route plan requires
 * (placeholders match whatever their names: `/a/{x}` and `/a/{y}` are one route).
 */
export function checkRestPaths(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  for (const expose of index.exposes) {
    if (expose.type !== 'rest') continue;
    const routes = new Map<string, string>();
    for (const { item, pointer } of dictItems(expose.entry, 'resources', expose.pointer)) {
      const path = asString(item.path);
      if (path === undefined) continue;
      const shape = (path.startsWith('/') ? path : `/${path}`).replace(PLACEHOLDER, '{}');
      for (const { item: operation, pointer: operationPointer } of dictItems(item, 'operations', pointer)) {
        const method = asString(operation.method) ?? 'GET';
        const key = `${method} ${shape}`;
        const shown = `${method} ${path}`;
        const previous = routes.get(key);
        if (previous !== undefined) {
          diagnostics.push(
            createDiagnostic(
              'duplicate-rest-route',
              operation.method === undefined ? operationPointer : joinPointer(operationPointer, 'method'),
              `\`${shown}\` is already served by ${previous} of this expose; keep one of them, or change the method or path`,
            ),
          );
        } else {
          routes.set(
            key,
            `\`${shown}\`${typeof operation.name === 'string' ? ` (\`${operation.name}\`)` : ''}`,
          );
        }
        if (key === 'GET /openapi.json') {
          diagnostics.push(
            createDiagnostic(
              'duplicate-rest-route',
              joinPointer(pointer, 'path'),
              '`GET /openapi.json` is reserved for the OpenAPI description the REST expose serves; choose another path',
            ),
          );
        }
      }
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
