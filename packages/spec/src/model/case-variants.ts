// Plain data, no TypeBox: the schema generator and the loader's normaliser both use it.

/**
 * The spellings of enum values the compatible dialect also accepts: all lower case, all upper case
 * and capitalised (`get`, `Bearer`, `QUERY`). The loader folds them back to the listed value.
 */
export function caseVariants(values: readonly string[]): string[] {
  const all = new Set(values);
  for (const value of values) {
    all.add(value.toLowerCase());
    all.add(value.toUpperCase());
    all.add(value.charAt(0).toUpperCase() + value.slice(1));
  }
  return [...all];
}

/** The listed value a case variant stands for, or undefined when there is none (or no variant). */
export function foldCase(value: unknown, values: readonly string[]): string | undefined {
  if (typeof value !== 'string' || values.includes(value)) return undefined;
  const matches = values.filter((candidate) => candidate.toLowerCase() === value.toLowerCase());
  return matches.length === 1 ? matches[0] : undefined;
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const PARAMETER_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'] as const;
export const CONSUMED_PARAMETER_LOCATIONS = [
  'query',
  'header',
  'path',
  'cookie',
  'body',
  'environment',
] as const;
export const AUTHENTICATION_TYPES = ['basic', 'apikey', 'bearer', 'digest', 'oauth2'] as const;
export const BODY_TYPES = ['json', 'text', 'xml', 'sparql', 'formUrlEncoded', 'multipartForm'] as const;
