/**
 * Replaces secrets (every bound value) in text the engine produces: log lines, error messages
 * and error data. Values shorter than 4 characters are not redacted - replacing "1" or "yes"
 * everywhere would destroy messages and protect nothing.
 */
export const REDACTED = '[REDACTED]';
const MIN_SECRET_LENGTH = 4;

export interface Redactor {
  /** The text with every secret (and its URL- and JSON-escaped forms) replaced by [REDACTED]. */
  redact(text: string): string;
  /** A deep copy of `value` with every string redacted; non-plain objects are left as they are. */
  redactValue<T>(value: T): T;
  /** How many distinct secrets are known (0 means redaction is a no-op). */
  readonly size: number;
}

export interface CreateRedactorOptions {
  values: Iterable<string>;
  /**
   * Text never rewritten, even when a secret occurs inside it: naftiko's own addresses
   * (`http://127.0.0.1:`), so a bound value that happens to be the listen host does not turn the
   * listen URL into `[REDACTED]`.
   */
  keep?: Iterable<string>;
}

export function createRedactor({ values, keep = [] }: CreateRedactorOptions): Redactor {
  const secrets = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
    // Secrets also leak in encoded form: in URLs (apikey in query) and inside JSON text.
    for (const form of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) {
      if (form.length >= MIN_SECRET_LENGTH) secrets.add(form);
    }
  }
  if (secrets.size === 0) {
    return { redact: (text) => text, redactValue: (value) => value, size: 0 };
  }
  // Longest first so a secret that contains another is replaced whole.
  const pattern = new RegExp(
    [...secrets]
      .sort((a, b) => b.length - a.length)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );
  const replace = (text: string): string => {
    pattern.lastIndex = 0;
    return pattern.test(text) ? text.replace(pattern, REDACTED) : text;
  };
  const kept = [...new Set(keep)].filter((text) => text.length > 0);
  const keepPattern =
    kept.length === 0
      ? undefined
      : new RegExp(
          kept
            .sort((a, b) => b.length - a.length)
            .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('|'),
          'g',
        );
  // Kept spans stay as they are; only the text between them is redacted.
  const redact =
    keepPattern === undefined
      ? replace
      : (text: string): string => {
          let out = '';
          let last = 0;
          for (const match of text.matchAll(keepPattern)) {
            out += replace(text.slice(last, match.index)) + match[0];
            last = match.index + match[0].length;
          }
          return last === 0 ? replace(text) : out + replace(text.slice(last));
        };
  const redactValue = <T>(value: T): T => redactDeep(value, redact, new WeakSet()) as T;
  return { redact, redactValue, size: secrets.size };
}

function redactDeep(value: unknown, redact: (text: string) => string, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact, seen));
  if (value instanceof Error) {
    const copy = { name: value.name, message: redact(value.message) };
    return copy;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, redact, seen);
  return out;
}
