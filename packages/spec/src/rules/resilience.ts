import { asDict, asString, type CapabilityIndex } from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';
import { RESILIENCE_KEY } from '../model/resilience.js';

/** Methods whose repetition has no further effect (RFC 9110 §9.2.2); the engine retries only these. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** Methods whose answers may be cached (safe, RFC 9110 §9.2.1). */
export const CACHEABLE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * `x-naftiko-resilience` on a consumed operation: a cache on a method that changes state would
 * answer a second call without making it (an error), and retries on one that is not idempotent
 * never happen (a warning naming the `idempotent` hint).
 */
export function checkResilience(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  for (const declarations of index.operations.values()) {
    for (const [declared] of declarations.values()) {
      if (declared === undefined) continue;
      const block = asDict(declared.operation[RESILIENCE_KEY]);
      if (block === undefined) continue;
      const method = (asString(declared.operation.method) ?? 'GET').toUpperCase();
      const pointer = joinPointer(declared.pointer, RESILIENCE_KEY);
      if (block.cache !== undefined && !CACHEABLE_METHODS.has(method)) {
        diagnostics.push(
          createDiagnostic(
            'resilience-cache-unsafe',
            joinPointer(pointer, 'cache'),
            `a ${method} answer cannot be cached (a second call would not reach the upstream); remove \`cache\` or cache a GET/HEAD operation`,
          ),
        );
      }
      const idempotent = block.idempotent ?? asDict(declared.adapter[RESILIENCE_KEY])?.idempotent;
      if (block.retry !== undefined && !IDEMPOTENT_METHODS.has(method) && idempotent !== true) {
        diagnostics.push(
          createDiagnostic(
            'resilience-retry-not-idempotent',
            joinPointer(pointer, 'retry'),
            `a ${method} is not idempotent, so \`retry\` never applies; add \`idempotent: true\` beside it if repeating the call is safe (an idempotency key), or remove \`retry\``,
          ),
        );
      }
    }
  }
  return diagnostics;
}
