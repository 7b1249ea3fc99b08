import type { Capability } from '../capability.js';
import type { ObservedActionKind } from '../observation.js';

/** How an action shows up in observations, from where its expose namespace points. */
export function classifyAction(
  capability: Capability,
  exposeNamespace: string,
  name: string,
): ObservedActionKind {
  if (!exposeNamespace) return 'consumed';
  const expose = capability.exposes.find((e) => 'namespace' in e && e.namespace === exposeNamespace);
  if (expose?.type === 'rest') return 'operation';
  if (expose?.type === 'mcp') return expose.tools.some((t) => t.name === name) ? 'tool' : 'resource';
  if (capability.aggregates.some((a) => a.namespace === exposeNamespace)) return 'function';
  return 'tool';
}
