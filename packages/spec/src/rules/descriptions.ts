import { asString, type CapabilityIndex, dictItems } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

/**
 * Agents discover capabilities through descriptions (Spectral `naftiko-consumes-description`,
 * `naftiko-rest-resource-description`, `naftiko-aggregate-function-description`). A missing
 * aggregate function description is already a schema error, so only an empty one is reported here.
 */
export function checkDescriptions(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  for (const consumes of index.consumes) {
    if (consumes.unresolvedImport || isFilled(consumes.entry.description)) continue;
    diagnostics.push(
      createDiagnostic(
        'consumes-description-missing',
        consumes.pointer,
        `consumes \`${consumes.namespace ?? ''}\` has no \`description\`; say what the upstream API is so agents and readers know why it is called`,
      ),
    );
  }
  for (const expose of index.exposes) {
    if (expose.type !== 'rest') continue;
    for (const { item, pointer } of dictItems(expose.entry, 'resources', expose.pointer)) {
      if (isFilled(item.description)) continue;
      diagnostics.push(
        createDiagnostic(
          'rest-resource-description-missing',
          pointer,
          `REST resource \`${asString(item.path) ?? ''}\` has no \`description\`; describe what it serves (it is published in the OpenAPI document)`,
        ),
      );
    }
  }
  for (const entry of index.aggregateFunctions) {
    if (entry.entry.description === undefined || isFilled(entry.entry.description)) continue;
    diagnostics.push(
      createDiagnostic(
        'aggregate-function-description-missing',
        joinPointer(entry.pointer, 'description'),
        `aggregate function \`${entry.name ?? ''}\` has an empty \`description\`; tools and operations that \`ref\` it inherit it, so write one`,
      ),
    );
  }
  return diagnostics;
}

function isFilled(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
