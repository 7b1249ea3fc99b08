/** Where a JSON-mode template's literal text leaves the reader: inside a string literal or not. */
export interface JsonScan {
  inString: boolean;
  escaped: boolean;
}

/**
 * Advances `scan` over literal template text, so an insertion that follows is known to sit inside
 * a JSON string (escaped as string content) or outside one (inserted as a JSON value).
 */
export function scanJson(text: string, scan: JsonScan): JsonScan {
  let { inString, escaped } = scan;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!inString) {
      if (code === 34 /* " */) inString = true;
    } else if (escaped) {
      escaped = false;
    } else if (code === 92 /* \ */) {
      escaped = true;
    } else if (code === 34) {
      inString = false;
    }
  }
  return { inString, escaped };
}
