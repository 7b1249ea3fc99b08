const FORMATS = {
  date: '2024-01-02',
  'date-time': '2024-01-02T03:04:05Z',
  time: '03:04:05Z',
  email: 'user@example.com',
  uri: 'https://example.com/x',
  url: 'https://example.com/x',
  uuid: '00000000-0000-4000-8000-000000000001',
  ipv4: '192.0.2.1',
  hostname: 'example.com',
};

/**
 * Arguments for one call, from a tool's inputSchema: every property, required or optional.
 * Strings are `<name>-1` (so a path segment shows which argument fed it), formats get a valid
 * sample, enums their first value, numbers their minimum or 1, booleans true, arrays one item,
 * objects their required properties. `state.spaced` is set after the first plain string, which
 * gets a space instead (`<name> 1`): one value per file that a URL must percent-encode.
 */
export function makeArguments({ schema, state = { spaced: true } }) {
  const out = {};
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    out[name] = valueFor(name, property, state);
  }
  return out;
}

function valueFor(name, schema, state) {
  if (!schema || typeof schema !== 'object') return stringFor(name, {}, state);
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant && schema.type === undefined) return valueFor(name, variant, state);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number': {
      let value = typeof schema.minimum === 'number' ? schema.minimum : 1;
      if (typeof schema.exclusiveMinimum === 'number') value = schema.exclusiveMinimum + 1;
      if (typeof schema.maximum === 'number' && value > schema.maximum) value = schema.maximum;
      return type === 'integer' ? Math.ceil(value) : value;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
      return Array.from({ length: count }, () => valueFor(name, schema.items ?? { type: 'string' }, state));
    }
    case 'object': {
      const out = {};
      for (const key of Array.isArray(schema.required) ? schema.required : []) {
        out[key] = valueFor(key, schema.properties?.[key], state);
      }
      return out;
    }
    default:
      return stringFor(name, schema, state);
  }
}

function stringFor(name, schema, state) {
  if (typeof schema.format === 'string' && FORMATS[schema.format]) return FORMATS[schema.format];
  const clean = name.replace(/[^A-Za-z0-9_-]/g, '_') || 'v';
  let value = `${clean}${state.spaced ? '-' : ' '}1`;
  state.spaced = true;
  if (typeof schema.minLength === 'number') value = value.padEnd(schema.minLength, 'x');
  if (typeof schema.maxLength === 'number' && schema.maxLength > 0) value = value.slice(0, schema.maxLength);
  return value;
}
