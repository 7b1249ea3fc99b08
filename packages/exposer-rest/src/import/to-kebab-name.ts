/**
 * Turns an operationId, a path or a title into a kebab-case identifier (`^[a-zA-Z0-9-]+$`):
 * camelCase and snake_case split into words, everything else becomes a separator.
 * Returns '' when nothing usable is left, so callers pick their own fallback.
 */
export function toKebabName(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
