/**
 * Orchestrated results: `mappings` build one object from step outputs. `targetName` is dotted
 * (`specs.length` creates nested objects); `value` is `$.<step-name>.<dot.path>` - a step name
 * then a plain dot path with optional `[n]` indexes, not full JSONPath (as in the reference
 * engine). A `value` that does not start with `$` is a text template over the step context.
 */

import type { OrchestratedOutputParameterSpec, StepOutputMappingSpec } from '@naftiko/spec';
import type { JsonSchema } from '../extension.js';
import { compileTemplate, type TemplateContext } from '../template.js';

export interface StepMappings {
  /** The composite object, or undefined when no mapping resolved to a value. */
  apply(steps: Record<string, unknown>, context: TemplateContext): Record<string, unknown> | undefined;
}

export interface CompileStepMappingsOptions {
  mappings: readonly StepOutputMappingSpec[];
  place: string;
}

export function compileStepMappings({ mappings, place }: CompileStepMappingsOptions): StepMappings {
  const compiled = mappings.map((mapping, index) => {
    const target = mapping.targetName.split('.').filter((part) => part !== '');
    const value = mapping.value.trim();
    if (value.startsWith('$')) {
      const path = parseStepPath(value);
      return { target, read: (steps: Record<string, unknown>) => readPath(steps, path) };
    }
    const template = compileTemplate(mapping.value, { place: `${place} mappings[${index}].value` });
    return {
      target,
      read: (_steps: Record<string, unknown>, context: TemplateContext) => template.renderValue(context),
    };
  });
  return {
    apply: (steps, context) => {
      const out: Record<string, unknown> = {};
      let resolved = false;
      for (const { target, read } of compiled) {
        const value = read(steps, context);
        if (value === undefined) continue;
        resolved = true;
        assignPath(out, target, value);
      }
      return resolved ? out : undefined;
    },
  };
}

/** `$.get-ship.dimensions.length` -> ['get-ship', 'dimensions', 'length']; `a[0]` -> ['a', '0']. */
export function parseStepPath(value: string): string[] {
  return value
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\[['"]([^'"\]]*)['"]\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '');
}

export function readPath(root: unknown, parts: readonly string[]): unknown {
  let current: unknown = root;
  for (const part of parts) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function assignPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let current = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string;
    const next = current[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) current[last] = value;
}

/** JSON Schema of orchestrated output parameters (the named shape `mappings` produce). */
export function orchestratedSchema(parameters: readonly OrchestratedOutputParameterSpec[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const parameter of parameters) properties[parameter.name] = orchestratedParameterSchema(parameter);
  return { type: 'object', properties };
}

function orchestratedParameterSchema(parameter: OrchestratedOutputParameterSpec): JsonSchema {
  if (parameter.type === 'object') {
    const properties: Record<string, JsonSchema> = {};
    for (const [key, child] of Object.entries(parameter.properties ?? {})) {
      properties[key] = orchestratedParameterSchema({ ...child, name: child.name ?? key });
    }
    return { type: ['object', 'null'], properties };
  }
  if (parameter.type === 'array') {
    const items = parameter.items ?? [];
    // `items` is a list of named fields: each element is an object with those fields.
    return items.length === 0
      ? { type: ['array', 'null'] }
      : { type: ['array', 'null'], items: orchestratedSchema(items) };
  }
  return { type: [parameter.type, 'null'] };
}
