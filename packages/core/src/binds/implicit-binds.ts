import type { BindingSpec, ConsumesHttpSpec } from '@naftiko/spec';
import { listTemplateVariables } from '../template.js';

/**
 * The compatible dialect reads a consumes `authentication` variable that no `binds` entry
 * declares from the environment variable of its name (`{{TOKEN}}` as if `env: {TOKEN: TOKEN}`,
 * `{{ns.TOKEN}}` under `ns`): declaring those binds here makes them resolved at start (a missing
 * one stops the start naming it), redacted in logs, and the only values credentials can read.
 */
export function implicitAuthBinds(
  consumes: readonly ConsumesHttpSpec[],
  binds: readonly BindingSpec[],
): BindingSpec[] {
  const flat = new Set(binds.flatMap((bind) => Object.keys(bind.keys ?? {})));
  const byNamespace = new Map<string, Set<string>>();
  for (const bind of binds) {
    const known = byNamespace.get(bind.namespace) ?? new Set<string>();
    for (const variable of Object.keys(bind.keys ?? {})) known.add(variable);
    byNamespace.set(bind.namespace, known);
  }
  const implied = new Map<string, Record<string, string>>();
  for (const entry of consumes) {
    for (const value of Object.values(entry.authentication ?? {})) {
      if (typeof value !== 'string') continue;
      for (const reference of listTemplateVariables(value)) {
        if (flat.has(reference)) continue;
        const dot = reference.indexOf('.');
        const namespace = dot < 0 ? 'env' : reference.slice(0, dot);
        const variable = dot < 0 ? reference : reference.slice(dot + 1);
        if (byNamespace.get(namespace)?.has(variable)) continue;
        const keys = implied.get(namespace) ?? {};
        keys[variable] = variable;
        implied.set(namespace, keys);
      }
    }
  }
  return [...implied].map(([namespace, keys]) => ({ namespace, keys }));
}
