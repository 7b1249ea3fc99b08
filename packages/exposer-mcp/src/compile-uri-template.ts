/** A resource URI with `{param}` placeholders, matched against concrete URIs. */
export interface UriTemplate {
  readonly source: string;
  readonly parameters: readonly string[];
  /** The decoded parameter values, or undefined when `uri` does not match. */
  match(uri: string): Record<string, string> | undefined;
}

const PLACEHOLDER = /\{([A-Za-z0-9_.-]+)\}/g;

export function isUriTemplate(uri: string): boolean {
  return /\{[A-Za-z0-9_.-]+\}/.test(uri);
}

/** Compiled once: each `{name}` matches one non-empty path segment (no `/`, `?` or `#`). */
export function compileUriTemplate(source: string): UriTemplate {
  const parameters: string[] = [];
  let pattern = '';
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    pattern += escapeRegExp(source.slice(last, match.index));
    pattern += '([^/?#]+)';
    parameters.push(match[1] as string);
    last = match.index + match[0].length;
  }
  pattern += escapeRegExp(source.slice(last));
  const regex = new RegExp(`^${pattern}$`);
  return {
    source,
    parameters,
    match: (uri) => {
      const found = regex.exec(uri);
      if (!found) return undefined;
      const values: Record<string, string> = {};
      try {
        parameters.forEach((name, index) => {
          values[name] = decodeURIComponent(found[index + 1] as string);
        });
      } catch {
        return undefined;
      }
      return values;
    },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
