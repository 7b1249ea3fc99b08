import { stringify } from 'yaml';

/** Options of {@link serializeDocument}. */
export interface SerializeDocumentOptions {
  value: unknown;
  format: 'yaml' | 'json';
}

/**
 * Writes a generated document (an OpenAPI description, an imported capability) the way a person
 * will read and edit it: JSON indented by two, YAML without anchors/aliases and without folding
 * long descriptions. Always ends with a newline.
 */
export function serializeDocument({ value, format }: SerializeDocumentOptions): string {
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  // Quoting by YAML 1.1 rules keeps strings such as 2026-06-01, yes or on strings for 1.1
  // readers too (many OpenAPI tools), where unquoted they would turn into dates and booleans.
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0, version: '1.1' });
}
