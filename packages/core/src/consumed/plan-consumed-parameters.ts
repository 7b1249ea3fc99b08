import type { ConsumedInputParameterSpec } from '@naftiko/spec';
import type { ConsumedOperationRef } from '../capability.js';

/** What a consumed operation takes, once its three parameter levels are merged. */
export interface ConsumedParameterPlan {
  /** Adapter, resource, then operation parameters; a later (in, name) pair replaces an earlier one. */
  readonly parameters: readonly ConsumedInputParameterSpec[];
  /** Placeholder names of the resource path, in order (`{x}` and `{{x}}` alike). */
  readonly placeholders: readonly string[];
  /**
   * `in: path` parameters whose placeholder the path lacks, in declared order. The community
   * generator puts item operations on the collection resource (`DELETE /items` with an `id` path
   * parameter); they mean `/items/{id}`, so each becomes one trailing segment rather than being
   * dropped (which would send `DELETE /items`, on the whole collection).
   */
  readonly appended: readonly string[];
  /** The resource path with the appended placeholders, as the request is built from it. */
  readonly path: string;
}

// `{{ name }}` (the reference engine's form) and `{name}` (OpenAPI form); names may be dotted.
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_*.-]+)\s*\}\}|\{([A-Za-z0-9_*.-]+)\}/g;

/** Placeholder names of a consumed path, in order of appearance. */
export function consumedPathPlaceholders(path: string): string[] {
  return [...path.matchAll(PLACEHOLDER)].map((match) => (match[1] ?? match[2]) as string);
}

/**
 * The one reading of a consumed operation's parameters: the HTTP consumer builds requests from
 * it and actions derive the arguments a tool advertises from it, so both always agree.
 */
export function planConsumedParameters(ref: ConsumedOperationRef): ConsumedParameterPlan {
  const merged = new Map<string, ConsumedInputParameterSpec>();
  for (const list of [
    ref.consumes.inputParameters,
    ref.resource.inputParameters,
    ref.operation.inputParameters,
  ]) {
    for (const parameter of list ?? []) {
      const name = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
      merged.delete(`${parameter.in}:${name}`); // re-insert so the order follows precedence
      merged.set(`${parameter.in}:${name}`, parameter);
    }
  }
  const parameters = [...merged.values()];
  const resourcePath = ref.resource.path.startsWith('/') ? ref.resource.path : `/${ref.resource.path}`;
  const placeholders = consumedPathPlaceholders(resourcePath);
  const appended = parameters
    .filter((parameter) => parameter.in === 'path' && !placeholders.includes(parameter.name))
    .map((parameter) => parameter.name);
  const path =
    appended.length === 0
      ? resourcePath
      : `${resourcePath.replace(/\/+$/, '')}${appended.map((name) => `/{{${name}}}`).join('')}`;
  return { parameters, placeholders, appended, path };
}
