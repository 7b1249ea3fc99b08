const IDENTIFIER = /^[A-Za-z0-9_*-]+$/;

/** True for a name the official dialect accepts as a parameter or argument name. */
export function isIdentifierName(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * The argument name of a wire parameter name: `$filter` -> `filter`, `filter[name]` ->
 * `filter_name`, `tweet.fields` -> `tweet_fields`. MCP clients accept only such names as tool
 * argument keys, and a dot would read as a path in `tools.a.b`. The wire name itself is kept on the
 * consumed side, so the request still carries `$filter`.
 */
export function argumentName(wireName: string): string {
  if (isIdentifierName(wireName)) return wireName;
  const name = wireName.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return name === '' ? 'argument' : name;
}
