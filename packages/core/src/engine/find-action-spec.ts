/**
 * What `invoke(target)` can name, in this order:
 * 1. a consumed operation `consumes-ns.operation` (arguments are its parameters);
 * 2. an aggregate function `aggregate-ns.function`;
 * 3. an MCP tool or resource, or a named REST operation, `expose-ns.name`.
 */
import { type Capability, findAggregateFunction, findConsumedOperation, splitTarget } from '../capability.js';
import type { ActionSpec } from '../extension.js';

export interface FoundActionSpec {
  spec: ActionSpec;
  exposeNamespace: string;
  name: string;
}

export function findActionSpec(capability: Capability, target: string): FoundActionSpec | undefined {
  const parts = splitTarget(target);
  if (!parts) return undefined;
  const operation = findConsumedOperation(capability, target);
  if (operation) {
    // Every parameter the caller may supply is an argument reference: the schema derives from
    // the consumed parameters (types, required), and absent arguments are simply not sent.
    const parameters = [
      ...(operation.consumes.inputParameters ?? []),
      ...(operation.resource.inputParameters ?? []),
      ...(operation.operation.inputParameters ?? []),
    ].filter((p) => p.value === undefined && p.in !== 'environment');
    const withSpec = Object.fromEntries(parameters.map((p) => [p.name, `tools.${p.name}`]));
    return { spec: { call: target, with: withSpec }, exposeNamespace: '', name: target };
  }
  if (findAggregateFunction(capability, target)) {
    return { spec: { ref: target }, exposeNamespace: parts.namespace, name: parts.name };
  }
  for (const expose of capability.exposes) {
    if (!('namespace' in expose) || expose.namespace !== parts.namespace) continue;
    if (expose.type === 'mcp') {
      const tool = expose.tools.find((t) => t.name === parts.name);
      if (tool) return { spec: tool as ActionSpec, exposeNamespace: expose.namespace, name: parts.name };
      const resource = expose.resources?.find((r) => r.name === parts.name && (r.call || r.steps));
      if (resource)
        return { spec: resource as ActionSpec, exposeNamespace: expose.namespace, name: parts.name };
    }
    if (expose.type === 'rest') {
      for (const resource of expose.resources ?? []) {
        const op = resource.operations?.find((o) => o.name === parts.name);
        if (op) {
          const inputParameters = [...(resource.inputParameters ?? []), ...(op.inputParameters ?? [])];
          const spec = { ...op, ...(inputParameters.length > 0 ? { inputParameters } : {}) } as ActionSpec;
          return { spec, exposeNamespace: expose.namespace, name: parts.name };
        }
      }
    }
  }
  return undefined;
}

/** A few valid targets, for "did you mean" style messages. */
export function listTargets(capability: Capability): string[] {
  const targets: string[] = [];
  for (const c of capability.consumes) {
    for (const r of c.resources ?? []) for (const o of r.operations) targets.push(`${c.namespace}.${o.name}`);
  }
  for (const a of capability.aggregates)
    for (const f of a.functions) targets.push(`${a.namespace}.${f.name}`);
  for (const e of capability.exposes) {
    if (e.type === 'mcp') for (const t of e.tools) if (t.name) targets.push(`${e.namespace}.${t.name}`);
  }
  return targets;
}
