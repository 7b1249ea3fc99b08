import type { McpToolHintsSpec } from '@naftiko/spec';
import { type Capability, findAggregateFunction, splitTarget } from '../capability.js';
import { NaftikoError } from '../errors.js';
import type { ActionSpec } from '../extension.js';

export interface MergedSpec {
  spec: ActionSpec;
  /** Extra argument namespaces (the aggregate's, for `<aggregate-ns>.x` references). */
  namespaces: string[];
  description?: string;
  hints?: McpToolHintsSpec;
}

/**
 * Resolves `ref` against the aggregate functions: local fields win, and a local call/steps
 * replaces the function's whole execution mode. Hints derive from the function's semantics.
 */
export function mergeRef(spec: ActionSpec, capability: Capability, place: string): MergedSpec {
  if (spec.ref === undefined) {
    return {
      spec,
      namespaces: [],
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(spec.hints === undefined ? {} : { hints: spec.hints }),
    };
  }
  const fn = findAggregateFunction(capability, spec.ref);
  if (!fn) {
    const known = capability.aggregates.flatMap((a) => a.functions.map((f) => `${a.namespace}.${f.name}`));
    throw new NaftikoError(
      'ACTION_INVALID',
      `${place} has ref "${spec.ref}", which names no aggregate function${known.length ? ` (declared: ${known.join(', ')})` : ''}.`,
      { data: { place, ref: spec.ref } },
    );
  }
  const localMode = spec.call !== undefined || spec.steps !== undefined;
  const mode = localMode ? spec : fn;
  const merged: ActionSpec = {};
  if (mode.call !== undefined) merged.call = mode.call;
  const withSpec = spec.with ?? (localMode ? undefined : fn.with);
  if (withSpec !== undefined) merged.with = withSpec;
  if (mode.steps !== undefined) merged.steps = mode.steps;
  const mappings = spec.mappings ?? (localMode ? undefined : fn.mappings);
  if (mappings !== undefined) merged.mappings = mappings;
  const outputParameters = spec.outputParameters ?? fn.outputParameters;
  if (outputParameters !== undefined) merged.outputParameters = outputParameters;
  const inputParameters = spec.inputParameters ?? fn.inputParameters;
  if (inputParameters !== undefined) merged.inputParameters = inputParameters;

  const semantics = fn.semantics ?? {};
  const derived: McpToolHintsSpec = {};
  if (semantics.safe !== undefined) {
    derived.readOnly = semantics.safe;
    if (semantics.safe) derived.destructive = false;
  }
  if (semantics.idempotent !== undefined) derived.idempotent = semantics.idempotent;
  const hints = { ...derived, ...spec.hints };
  const description = spec.description ?? fn.description;
  return {
    spec: merged,
    namespaces: [splitTarget(spec.ref)?.namespace ?? ''],
    ...(description === undefined ? {} : { description }),
    ...(Object.keys(hints).length > 0 ? { hints } : {}),
  };
}
