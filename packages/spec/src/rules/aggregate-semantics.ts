import { asDict, asString, type CapabilityIndex } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

/**
 * An adapter unit that `ref`s an aggregate function must not contradict its semantics: a safe
 * function is neither destructive nor written with an unsafe method, an idempotent one is not
 * marked non-idempotent or served by POST (Spectral `naftiko-aggregate-semantics-consistency`).
 */
export function checkAggregateSemantics(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  const semantics = new Map<string, Record<string, unknown>>();
  for (const entry of index.aggregateFunctions) {
    const declared = asDict(entry.entry.semantics);
    if (declared && entry.aggregateNamespace && entry.name)
      semantics.set(`${entry.aggregateNamespace}.${entry.name}`, declared);
  }
  for (const unit of index.units) {
    const ref = asString(unit.entry.ref);
    const declared = ref === undefined ? undefined : semantics.get(ref);
    if (!declared) continue;
    const conflicts: Array<{ pointer: string; problem: string }> = [];
    if (unit.kind === 'mcp-tool') {
      const hints = asDict(unit.entry.hints) ?? {};
      const hintsPointer = joinPointer(unit.pointer, 'hints');
      if (declared.safe === true && hints.readOnly === false)
        conflicts.push({
          pointer: joinPointer(hintsPointer, 'readOnly'),
          problem: '`readOnly: false` contradicts `safe: true`',
        });
      if (declared.safe === true && hints.destructive === true)
        conflicts.push({
          pointer: joinPointer(hintsPointer, 'destructive'),
          problem: '`destructive: true` contradicts `safe: true`',
        });
      if (declared.idempotent === true && hints.idempotent === false)
        conflicts.push({
          pointer: joinPointer(hintsPointer, 'idempotent'),
          problem: '`idempotent: false` contradicts `idempotent: true`',
        });
    } else if (unit.kind === 'rest-operation') {
      const method = asString(unit.entry.method) ?? 'GET';
      const methodPointer = joinPointer(unit.pointer, 'method');
      if (declared.safe === true && method !== 'GET')
        conflicts.push({
          pointer: methodPointer,
          problem: `\`method: ${method}\` is unsafe but the function is \`safe: true\` (use GET)`,
        });
      else if (declared.idempotent === true && method === 'POST')
        conflicts.push({
          pointer: methodPointer,
          problem: '`method: POST` is not idempotent but the function is `idempotent: true` (use PUT or GET)',
        });
    }
    for (const conflict of conflicts) {
      diagnostics.push(
        createDiagnostic(
          'aggregate-semantics-conflict',
          conflict.pointer,
          `${conflict.problem} of \`${ref}\`; align the adapter with the function's semantics or drop the override`,
        ),
      );
    }
  }
  return diagnostics;
}
