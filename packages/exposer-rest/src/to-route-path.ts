/** A resource path translated for the router, with the placeholder names it declares. */
export interface RoutePath {
  /** find-my-way syntax: `/v1/sessions/:p0`. */
  url: string;
  /** OpenAPI syntax: `/v1/sessions/{session_id}`. */
  openApiPath: string;
  /** Placeholder name -> router parameter key, in order of appearance. */
  parameters: Map<string, string>;
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}|\{([^{}]+)\}/g;

/**
 * Translates a resource path (`{id}` and `{{id}}` both accepted, as in the reference engine)
 * into router syntax. Router keys are generated (`p0`, `p1` ...) because find-my-way ends a
 * parameter name at `-` or `.`, which capability names allow; a literal `:` is doubled, the
 * router's escape.
 */
export function toRoutePath(path: string): RoutePath {
  const parameters = new Map<string, string>();
  let url = '';
  let openApiPath = '';
  let last = 0;
  const normalized = path.startsWith('/') ? path : `/${path}`;
  for (const match of normalized.matchAll(PLACEHOLDER)) {
    const name = (match[1] ?? match[2]) as string;
    const literal = normalized.slice(last, match.index);
    url += literal.replaceAll(':', '::');
    openApiPath += literal;
    let key = parameters.get(name);
    if (key === undefined) {
      key = `p${parameters.size}`;
      parameters.set(name, key);
    }
    // A Google-style custom method (`/models/{model}:predict`): the router ends a plain parameter
    // only at `-`, `.` or `/`, so `{x}:a` and `{x}:b` would be one route; a parameter that stops
    // at `:` keeps them apart.
    const next = normalized.slice(match.index + match[0].length);
    url += next.startsWith(':') ? `:${key}(^[^/:]+)` : `:${key}`;
    openApiPath += `{${name}}`;
    last = match.index + match[0].length;
  }
  const tail = normalized.slice(last);
  url += tail.replaceAll(':', '::');
  openApiPath += tail;
  return { url, openApiPath, parameters };
}
