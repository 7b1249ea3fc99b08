import type { ParameterType } from './openapi-model.js';
import { isRecord, resolveLocalRef } from './resolve-local-ref.js';

const KNOWN_TYPES = new Set<string>(['string', 'number', 'integer', 'boolean', 'array', 'object']);

/**
 * The Naftiko type of a JSON Schema (Swagger 2 parameters carry `type` directly, OpenAPI 3 a
 * `schema`). 3.1 type arrays such as `['string', 'null']` take their first non-null member;
 * compositions use the first branch that names a type; a schema that says nothing falls back
 * to `fallback`, because a tool argument always needs one of the six types.
 */
export function toParameterType(root: unknown, schema: unknown, fallback: ParameterType): ParameterType {
  const seen = new Set<unknown>();
  let current = resolveLocalRef(root, schema, '').value;
  while (isRecord(current) && !seen.has(current)) {
    seen.add(current);
    const type = current.type;
    const named = Array.isArray(type) ? type.find((entry) => entry !== 'null') : type;
    if (typeof named === 'string' && KNOWN_TYPES.has(named)) return named as ParameterType;
    if (isRecord(current.properties)) return 'object';
    if (current.items !== undefined) return 'array';
    const branches = current.allOf ?? current.oneOf ?? current.anyOf;
    if (!Array.isArray(branches) || branches.length === 0) break;
    current = resolveLocalRef(root, branches[0], '').value;
  }
  return fallback;
}
