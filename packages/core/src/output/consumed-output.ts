/**
 * A consumed operation's own `outputParameters` ({name, type, value: JSONPath}) project a step's
 * response; for an array response every element is projected. Used in orchestrated steps only:
 * simple `call` mode shapes with the expose's outputParameters instead (reference semantics).
 */

import type { ConsumedOutputParameterSpec } from '@naftiko/spec';
import { compileJsonPath } from '../json-path.js';
import { coerceToType } from './coerce.js';

export type ConsumedProjection = (value: unknown) => unknown;

export interface CompileConsumedOutputOptions {
  parameters: readonly ConsumedOutputParameterSpec[] | undefined;
  place: string;
}

export function compileConsumedOutput({
  parameters,
  place,
}: CompileConsumedOutputOptions): ConsumedProjection {
  if (!parameters || parameters.length === 0) return (value) => value;
  const fields = parameters.map((parameter, index) => ({
    name: parameter.name,
    type: parameter.type,
    path: compileJsonPath(parameter.value, { place: `${place} outputParameters[${index}].value` }),
  }));
  const project = (element: unknown): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const { name, type, path } of fields) out[name] = coerceToType(path.evaluate(element), type);
    return out;
  };
  return (value) => (Array.isArray(value) ? value.map(project) : project(value));
}
