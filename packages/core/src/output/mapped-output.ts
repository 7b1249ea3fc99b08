/**
 * Mapped output parameters (simple `call` mode): JSONPath mappings and `value` templates that
 * reshape the upstream result.
 *
 * - scalar: `value` (a text template over the arguments) wins over `mapping` (JSONPath);
 * - `object` + `properties`: each property is evaluated against the same base (the response
 *   root at the top level, the element inside array items); the object's own `mapping` is not
 *   used to rebase, as in the reference engine;
 * - `object` + `mapping` without `properties`: the JSONPath result passes through (community
 *   dialect; the reference engine returns `{}` here);
 * - `array` + `mapping` (+ `items` applied per element);
 * - several top-level parameters: the first non-null result is the output.
 */

import type { MappedOutputParameterSpec } from '@naftiko/spec';
import type { JsonSchema } from '../extension.js';
import { compileJsonPath } from '../json-path.js';
import { compileTemplate, type TemplateContext } from '../template.js';
import { coerceToType } from './coerce.js';

export interface OutputShaper {
  /** JSON Schema of the shaped output. */
  readonly schema: JsonSchema;
  shape(root: unknown, context: TemplateContext): unknown;
}

type Node = (base: unknown, context: TemplateContext) => unknown;

export interface CompileMappedOutputOptions {
  parameters: readonly MappedOutputParameterSpec[];
  place: string;
}

export function compileMappedOutput({ parameters, place }: CompileMappedOutputOptions): OutputShaper {
  const nodes = parameters.map((parameter, index) =>
    compileNode(parameter, `${place} outputParameters[${index}]`),
  );
  const schemas = parameters.map(schemaOf);
  const schema: JsonSchema = schemas.length === 1 ? (schemas[0] as JsonSchema) : { anyOf: schemas };
  return {
    schema,
    shape: (root, context) => {
      for (const node of nodes) {
        const value = node(root, context);
        if (value !== undefined && value !== null) return value;
      }
      return null;
    },
  };
}

function compileNode(parameter: MappedOutputParameterSpec, place: string): Node {
  const { type } = parameter;
  if (parameter.value !== undefined) {
    const template = compileTemplate(parameter.value, { mode: 'text', place: `${place}.value` });
    return (_base, context) => coerceToType(template.render(context), type);
  }
  const path =
    parameter.mapping === undefined
      ? undefined
      : compileJsonPath(parameter.mapping, { place: `${place}.mapping` });
  if (type === 'object') {
    if (parameter.properties === undefined)
      return path ? (base) => path.evaluate(base) : (base) => base ?? null;
    const properties = Object.entries(parameter.properties).map(
      ([key, child]) =>
        [key, compileNode(child as MappedOutputParameterSpec, `${place}.properties.${key}`)] as const,
    );
    return (base, context) => {
      const out: Record<string, unknown> = {};
      for (const [key, node] of properties) out[key] = node(base, context);
      return out;
    };
  }
  if (type === 'array') {
    const items = parameter.items === undefined ? undefined : compileNode(parameter.items, `${place}.items`);
    return (base, context) => {
      const selected = path ? path.evaluate(base) : base;
      if (selected === undefined || selected === null) return null;
      const list = Array.isArray(selected) ? selected : [selected];
      return items ? list.map((element) => items(element, context)) : list;
    };
  }
  if (!path) return () => null;
  return (base) => coerceToType(path.evaluate(base), type);
}

/**
 * JSON Schema of a mapped parameter. Mapped values are null when their path matches nothing, so
 * every schema except an object built from `properties` (always an object) admits null.
 */
export function schemaOf(parameter: MappedOutputParameterSpec): JsonSchema {
  if (parameter.type === 'object' && parameter.properties !== undefined) {
    const properties: Record<string, JsonSchema> = {};
    for (const [key, child] of Object.entries(parameter.properties)) {
      properties[key] = schemaOf(child as MappedOutputParameterSpec);
    }
    return { type: 'object', properties };
  }
  if (parameter.type === 'array' && parameter.items !== undefined) {
    return { type: ['array', 'null'], items: schemaOf(parameter.items) };
  }
  return { type: [parameter.type, 'null'] };
}
