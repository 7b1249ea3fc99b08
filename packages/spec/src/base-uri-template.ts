// `{{VAR}}`, and the OpenAPI server-variable form `{VAR}`, which reads the same variable.
const SINGLE_BRACE = /(?<!\{)\{([A-Za-z0-9_.-]+)\}(?!\})/g;

/**
 * A `baseUri` built from variables as a `{{}}` template: the community's OpenAPI-style
 * `https://{tenant}.example.com` reads `{{tenant}}`, like `{{API_BASE_URL}}/v1` does.
 */
export function toBaseUriTemplate(baseUri: string): string {
  return baseUri.replace(SINGLE_BRACE, '{{$1}}');
}
