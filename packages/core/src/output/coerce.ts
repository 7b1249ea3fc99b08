/**
 * Light, lossless coercion of a mapped value to its declared type. A value that cannot be
 * converted without guessing is returned unchanged rather than invented.
 */
export function coerceToType(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return value ?? null;
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'object') return JSON.stringify(value);
      return String(value);
    case 'number':
    case 'integer':
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return Number(value);
      return value;
    case 'boolean':
      if (value === 'true') return true;
      if (value === 'false') return false;
      return value;
    default:
      return value;
  }
}
