/**
 * Mock outputs: tools and functions with neither `call` nor `steps` answer with named values
 * whose `value` is a text template over the arguments.
 */

import type { MockOutputParameterSpec } from '@naftiko/spec';
import type { JsonSchema } from '../extension.js';
import { coerceToType } from '../output/coerce.js';
import { compileTemplate, type TemplateContext } from '../template.js';

export interface MockOutput {
  readonly schema: JsonSchema;
  produce(context: TemplateContext): Record<string, unknown>;
}

export interface CompileMockOutputOptions {
  parameters: readonly MockOutputParameterSpec[];
  place: string;
}

export function compileMockOutput({ parameters, place }: CompileMockOutputOptions): MockOutput {
  const compiled = parameters.map((parameter, index) => ({
    name: parameter.name,
    type: parameter.type,
    template: compileTemplate(parameter.value, { place: `${place} outputParameters[${index}].value` }),
  }));
  const properties: Record<string, JsonSchema> = {};
  for (const parameter of parameters) properties[parameter.name] = { type: parameter.type };
  return {
    schema: { type: 'object', properties, required: parameters.map((p) => p.name) },
    produce: (context) => {
      const out: Record<string, unknown> = {};
      for (const { name, type, template } of compiled)
        out[name] = coerceToType(template.render(context), type);
      return out;
    },
  };
}
