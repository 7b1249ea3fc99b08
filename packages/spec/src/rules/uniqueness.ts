import { asString, type CapabilityIndex, type Dict, dictItems } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic, type ValidationCode } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

/**
 * Names the engine looks things up by must be unique in their scope: consumed operations per
 * namespace (looked up across all resources), consumed resources per entry, tools per MCP expose,
 * functions per aggregate, skills per skill expose.
 */
export function checkUniqueness(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  for (const consumes of index.consumes) {
    if (consumes.unresolvedImport) continue;
    const resources = dictItems(consumes.entry, 'resources', consumes.pointer);
    duplicates(
      diagnostics,
      'duplicate-resource-name',
      resources,
      'resource',
      `consumes \`${consumes.namespace ?? ''}\``,
    );
    const operations = resources.flatMap(({ item, pointer }) => dictItems(item, 'operations', pointer));
    duplicates(
      diagnostics,
      'duplicate-operation-name',
      operations,
      'operation',
      `consumes \`${consumes.namespace ?? ''}\` (operations are called by name across all its resources)`,
    );
  }
  for (const expose of index.exposes) {
    if (expose.type === 'mcp') {
      duplicates(
        diagnostics,
        'duplicate-tool-name',
        dictItems(expose.entry, 'tools', expose.pointer),
        'tool',
        `MCP expose \`${expose.namespace ?? ''}\``,
      );
    } else if (expose.type === 'skill') {
      duplicates(
        diagnostics,
        'duplicate-skill-name',
        dictItems(expose.entry, 'skills', expose.pointer),
        'skill',
        `skill expose \`${expose.namespace ?? ''}\``,
      );
    }
  }
  const capability = index.document.capability;
  if (typeof capability === 'object' && capability !== null) {
    for (const { item, pointer } of dictItems(capability as Dict, 'aggregates', '/capability')) {
      duplicates(
        diagnostics,
        'duplicate-function-name',
        dictItems(item, 'functions', pointer),
        'function',
        `aggregate \`${asString(item.namespace) ?? ''}\``,
      );
    }
  }
  return diagnostics;
}

function duplicates(
  diagnostics: RuleDiagnostic[],
  code: ValidationCode,
  items: Array<{ item: Dict; pointer: string }>,
  what: string,
  scope: string,
): void {
  const seen = new Set<string>();
  for (const { item, pointer } of items) {
    const name = asString(item.name);
    if (name === undefined) continue;
    if (seen.has(name)) {
      diagnostics.push(
        createDiagnostic(
          code,
          joinPointer(pointer, 'name'),
          `${what} name \`${name}\` appears twice in ${scope}; rename or remove the second one`,
        ),
      );
    }
    seen.add(name);
  }
}
