/** A JSON Schema object as OpenAPI 3.1 embeds it. */
export type SchemaObject = Record<string, unknown>;

/**
 * The JSON Schema of what an operation returns, from its `outputParameters`: mapped outputs
 * (the first one is the result, as in the reference engine), mock outputs (an object keyed by
 * name) or orchestrated outputs (the same, shaped by `mappings`). Undefined when nothing is
 * declared, which means the upstream body is passed through as it is.
 */
export function toOutputSchema(outputParameters: readonly unknown[] | undefined): SchemaObject | undefined {
  if (!outputParameters || outputParameters.length === 0) return undefined;
  const named = outputParameters.filter(
    (parameter) => isRecord(parameter) && typeof parameter.name === 'string',
  );
  if (named.length === outputParameters.length) {
    const properties: Record<string, SchemaObject> = {};
    for (const parameter of named as Array<Record<string, unknown>>) {
      properties[parameter.name as string] = toNamedSchema(parameter);
    }
    return { type: 'object', properties };
  }
  return toMappedSchema(outputParameters[0]);
}

function toMappedSchema(parameter: unknown): SchemaObject {
  if (!isRecord(parameter) || typeof parameter.type !== 'string') return {};
  if (parameter.type === 'object') {
    if (!isRecord(parameter.properties)) return { type: 'object' };
    const properties: Record<string, SchemaObject> = {};
    for (const [name, child] of Object.entries(parameter.properties))
      properties[name] = toMappedSchema(child);
    return { type: 'object', properties };
  }
  if (parameter.type === 'array') {
    return parameter.items === undefined
      ? { type: 'array' }
      : { type: 'array', items: toMappedSchema(parameter.items) };
  }
  const schema: SchemaObject = { type: parameter.type };
  if (parameter.const !== undefined) schema.const = parameter.const;
  return schema;
}

// Orchestrated outputs nest named parameters: properties as a map, items as a list.
function toNamedSchema(parameter: Record<string, unknown>): SchemaObject {
  if (parameter.type === 'object' && isRecord(parameter.properties)) {
    const properties: Record<string, SchemaObject> = {};
    for (const [name, child] of Object.entries(parameter.properties)) {
      properties[name] = isRecord(child) ? toNamedSchema(child) : {};
    }
    return { type: 'object', properties };
  }
  if (parameter.type === 'array' && Array.isArray(parameter.items)) {
    const first = parameter.items[0];
    if (parameter.items.length === 1 && isRecord(first))
      return { type: 'array', items: toNamedSchema(first) };
    const properties: Record<string, SchemaObject> = {};
    for (const item of parameter.items) {
      if (isRecord(item) && typeof item.name === 'string') properties[item.name] = toNamedSchema(item);
    }
    return { type: 'array', items: { type: 'object', properties } };
  }
  return typeof parameter.type === 'string' ? { type: parameter.type } : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
