import {
  asString,
  type CapabilityIndex,
  callTargets,
  dictItems,
  resolveCall,
  splitTarget,
} from '../capability-index.js';
import { didYouMean } from '../closest-matches.js';
import { consumedOperationVariables } from '../consumed-operation-variables.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

/**
 * Every `call: ns.op` must name a consumed operation, every `ref: agg.fn` an aggregate function,
 * every `forward.targetNamespace` a consumes entry; `with` keys should be something the target
 * operation reads. Calls into an import that could not be resolved are not judged (the import
 * already has its own diagnostic).
 */
export function checkReferences(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  const opaque = new Set(
    index.consumes.filter((entry) => entry.unresolvedImport).map((entry) => entry.namespace),
  );
  const consumedNamespaces = index.consumes
    .map((entry) => entry.namespace)
    .filter((namespace) => namespace !== undefined);
  const targets = callTargets(index);

  for (const site of index.callSites) {
    const parts = splitTarget(site.target);
    if (!parts || opaque.has(parts.namespace)) continue;
    const resolved = resolveCall(index, site.target);
    if (resolved.length === 0) {
      const reason = index.operations.has(parts.namespace)
        ? `consumes namespace \`${parts.namespace}\` has no operation \`${parts.name}\``
        : `there is no consumes namespace \`${parts.namespace}\``;
      diagnostics.push(
        createDiagnostic(
          'unknown-call-target',
          site.pointer,
          `\`call: ${site.target}\` does not resolve: ${reason}${didYouMean(site.target, targets) || listKnown(targets)}`,
        ),
      );
      continue;
    }
    const target = resolved[0]!;
    if (!site.with) continue;
    const known = consumedOperationVariables(target);
    for (const key of Object.keys(site.with)) {
      if (known.has(key)) continue;
      const declared = [...known].sort();
      diagnostics.push(
        createDiagnostic(
          'unknown-with-key',
          joinPointer(site.withPointer, key),
          `\`with\` key \`${key}\` is not a parameter of \`${site.target}\` and no template of it uses \`{{${key}}}\`, so the value is dropped; declare it in the operation's \`inputParameters\` or remove it${didYouMean(key, declared) || (declared.length > 0 ? ` (it reads ${declared.map((name) => `\`${name}\``).join(', ')})` : '')}`,
        ),
      );
    }
  }

  const functions = index.aggregateFunctions
    .filter((entry) => entry.aggregateNamespace && entry.name)
    .map((entry) => `${entry.aggregateNamespace}.${entry.name}`);
  for (const unit of index.units) {
    const ref = asString(unit.entry.ref);
    if (ref === undefined || functions.includes(ref)) continue;
    diagnostics.push(
      createDiagnostic(
        'unknown-ref-target',
        joinPointer(unit.pointer, 'ref'),
        `\`ref: ${ref}\` names no aggregate function${didYouMean(ref, functions) || (functions.length > 0 ? `; declared functions: ${functions.map((name) => `\`${name}\``).join(', ')}` : '; declare it under `capability.aggregates[].functions`')}`,
      ),
    );
  }

  for (const expose of index.exposes) {
    if (expose.type !== 'rest') continue;
    for (const { item: resource, pointer } of dictItems(expose.entry, 'resources', expose.pointer)) {
      const forward = resource.forward;
      const targetNamespace =
        typeof forward === 'object' && forward !== null
          ? asString((forward as Record<string, unknown>).targetNamespace)
          : undefined;
      if (targetNamespace === undefined || consumedNamespaces.includes(targetNamespace)) continue;
      diagnostics.push(
        createDiagnostic(
          'unknown-forward-target',
          joinPointer(pointer, 'forward', 'targetNamespace'),
          `\`forward.targetNamespace: ${targetNamespace}\` names no consumes entry${didYouMean(targetNamespace, consumedNamespaces) || listKnown(consumedNamespaces)}`,
        ),
      );
    }
  }
  return diagnostics;
}

function listKnown(known: string[]): string {
  if (known.length === 0) return '; declare the API under `capability.consumes`';
  const shown = known.slice(0, 8).map((name) => `\`${name}\``);
  return `; known: ${shown.join(', ')}${known.length > 8 ? ', …' : ''}`;
}
