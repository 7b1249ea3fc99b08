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
  return stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 });
}
