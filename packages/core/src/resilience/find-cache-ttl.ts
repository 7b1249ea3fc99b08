import { type Capability, findAggregateFunction, findConsumedOperation } from '../capability.js';
import type { ActionSpec } from '../extension.js';
import { resolveOperationResilience } from './resolve-resilience.js';

/**
 * How long the answer of an action may be reused: the `x-naftiko-resilience` cache TTL of the
 * consumed operation it calls (directly or through a `ref`'d function), undefined for actions
 * whose answers are not cached (steps, mocks, unsafe methods). The one source of a freshness hint
 * such as MCP 2026's `ttlMs`, so what a client is told matches what the engine does.
 */
export function findCacheTtlMs(capability: Capability, spec: ActionSpec): number | undefined {
  const call =
    spec.call ?? (spec.ref === undefined ? undefined : findAggregateFunction(capability, spec.ref)?.call);
  if (call === undefined || (spec.steps !== undefined && spec.steps.length > 0)) return undefined;
  const found = findConsumedOperation(capability, call);
  return found === undefined
    ? undefined
    : resolveOperationResilience(found.consumes, found.operation).cacheTtlMs;
}
