/**
 * Lookup steps: find, in the array an earlier step produced (`index`), the first element whose
 * `match` field equals `lookupValue` (compared as strings), keeping only the listed fields. When
 * `lookupValue` resolves to an array, the result is the array of matches (non-matches skipped).
 * `lookupValue` is `$.<step>.<path>` or a template (`{{imo}}`; a single variable keeps its type).
 */

import type { OperationStepLookupSpec } from '@naftiko/spec';
import { compileTemplate, type TemplateContext } from '../template.js';
import { parseStepPath, readPath } from './step-mappings.js';

export interface LookupStep {
  run(steps: Record<string, unknown>, context: TemplateContext): unknown;
}

export interface CompileLookupStepOptions {
  step: OperationStepLookupSpec;
  place: string;
}

export function compileLookupStep({ step, place }: CompileLookupStepOptions): LookupStep {
  const lookupValue = step.lookupValue.trim();
  const read: (steps: Record<string, unknown>, context: TemplateContext) => unknown = lookupValue.startsWith(
    '$',
  )
    ? (
        (path) => (steps) =>
          readPath(steps, path)
      )(parseStepPath(lookupValue))
    : (
        (template) => (_steps, context) =>
          template.renderValue(context)
      )(compileTemplate(step.lookupValue, { place: `${place} steps.${step.name}.lookupValue` }));
  const fields = step.outputParameters;

  const pick = (element: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const field of fields) if (Object.hasOwn(element, field)) out[field] = element[field];
    return out;
  };
  const find = (table: unknown[], value: unknown): Record<string, unknown> | undefined => {
    const wanted = String(value);
    for (const element of table) {
      if (typeof element !== 'object' || element === null) continue;
      const candidate = (element as Record<string, unknown>)[step.match];
      if (candidate !== undefined && candidate !== null && String(candidate) === wanted) {
        return pick(element as Record<string, unknown>);
      }
    }
    return undefined;
  };

  return {
    run: (steps, context) => {
      const indexed = steps[step.index];
      const table = Array.isArray(indexed)
        ? indexed
        : indexed && typeof indexed === 'object'
          ? [indexed]
          : [];
      const value = read(steps, context);
      if (Array.isArray(value)) {
        return value.flatMap((item) => {
          const found = find(table, item);
          return found ? [found] : [];
        });
      }
      if (value === undefined || value === null) return null;
      return find(table, value) ?? null;
    },
  };
}
