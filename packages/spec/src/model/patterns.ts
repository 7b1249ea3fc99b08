// Plain data, no TypeBox: the error explainer reads these at run time, the model at build time.

/**
 * The string patterns of the dialect, each with the words an error message uses to explain it.
 * Messages look patterns up here, so a pattern and its explanation cannot drift apart.
 */
export const PATTERNS = {
  kebab: {
    pattern: '^[a-zA-Z0-9-]+$',
    words: 'only letters, digits and hyphens (for example `list-orders`)',
  },
  extended: {
    pattern: '^[a-zA-Z0-9-_*]+$',
    words: 'only letters, digits, hyphens, underscores and `*` (for example `order_id`)',
  },
  mcpToolName: {
    pattern: '^[A-Za-z0-9_.-]{1,128}$',
    words: "MCP's tool-name rule: 1 to 128 letters, digits, `_`, `-` or `.` (for example `get_order`)",
  },
  target: {
    pattern: '^[a-zA-Z0-9-]+\\.[a-zA-Z0-9-]+$',
    words: '`namespace.name`: two identifiers of letters, digits and hyphens joined by one dot',
  },
  variable: {
    pattern: '^[A-Z][A-Z0-9_]*$',
    words: 'UPPER_SNAKE_CASE starting with a capital letter (for example `API_TOKEN`)',
  },
  uriLocation: { pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*://', words: 'a URI with a scheme, such as `file:///…`' },
  fileUri: { pattern: '^file:///', words: 'an absolute `file:///…` URI' },
  baseUri: {
    pattern: '^https?://[^/]+(/[^{]*)?$',
    words: 'an `http://` or `https://` URL whose path has no `{` placeholders',
  },
  baseUriTemplate: {
    pattern:
      '^$|^(?:https?://|\\{\\{?\\s*[A-Za-z0-9_.-]+\\s*\\}\\}?)(?:[^{}]|\\{\\{?\\s*[A-Za-z0-9_.-]+\\s*\\}\\}?)*$',
    words:
      'an `http://` or `https://` URL, or one built from variables such as `{{API_BASE_URL}}/v1` or `https://{tenant}.example.com`',
  },
  wireName: {
    pattern: '^[^\\s{}]*$',
    words: 'a name without spaces or braces, as sent on the wire (for example `$filter` or `page[size]`)',
  },
  date: {
    pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
    words: 'a calendar date written YYYY-MM-DD',
  },
  email: {
    pattern: '^[a-zA-Z0-9._%+\\-]+@[a-zA-Z0-9.\\-]+\\.[a-zA-Z]{2,}$',
    words: 'an email address such as `jane@example.com`',
  },
  mimeType: {
    pattern:
      '^[a-zA-Z0-9!#$&^_.+-]+\\/[a-zA-Z0-9!#$&^_.+-]+(?:\\s*;\\s*[a-zA-Z0-9!#$&^_.+-]+=(?:[a-zA-Z0-9!#$&^_.+-]+|"[^"]*"))*$',
    words: 'a media type such as `application/json` (parameters like `; charset=utf-8` allowed)',
  },
  targetName: { pattern: '^[a-zA-Z0-9-_.]+$', words: 'only letters, digits, `-`, `_` and `.`' },
  hostname: {
    pattern:
      '^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$',
    words: 'a host name such as `localhost`',
  },
  ipv4: {
    pattern: '^((25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$',
    words: 'an IPv4 address such as `127.0.0.1`',
  },
  ipv6: { pattern: '^([0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}$', words: 'an IPv6 address such as `::1`' },
} as const;

/** Explains a pattern in words, or undefined for a pattern the dialect does not define. */
export function describePattern(pattern: string): string | undefined {
  for (const entry of Object.values(PATTERNS)) {
    if (entry.pattern === pattern) return entry.words;
  }
  return undefined;
}
