/**
 * Replaces secrets (every bound value) in text the engine produces: log lines, error messages
 * and error data. Values shorter than 4 characters are not redacted - replacing "1" or "yes"
 * everywhere would destroy messages and protect nothing.
 */
export const REDACTED = '[REDACTED]';
const MIN_SECRET_LENGTH = 4;

export interface Redactor {
  /** The text with every secret (and its encoded forms, see `secretForms`) replaced by [REDACTED]. */
  redact(text: string): string;
  /** A deep copy of `value` with every string redacted; non-plain objects are left as they are. */
  redactValue<T>(value: T): T;
  /** How many distinct secret forms are known (0 means redaction is a no-op). */
  readonly size: number;
  /** The longest secret form, in characters. */
  readonly longest: number;
  /**
   * How many trailing characters of `text` could be the start of a secret form: a stream
   * redactor holds back exactly those until the next chunk (usually none, so nothing waits).
   */
  pendingSuffix(text: string): number;
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

// A base64 fragment shorter than this would match unrelated base64 text by chance.
const MIN_BASE64_FORM_LENGTH = 8;

/**
 * The forms a secret takes on the wire: as is; percent-encoded (upper and lower case hex, and
 * with `+` for spaces as in forms); JSON-escaped (also with `\/` and `\uXXXX` for non-ASCII,
 * as some serializers write); and base64 and base64url. A secret inside a larger base64 text
 * (`Basic base64(user:password)`) starts at any of three byte alignments, so each alignment's
 * whole 3-byte groups are a form of their own: whatever surrounds the secret, those characters
 * appear verbatim in the encoding.
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const percent = encodeURIComponent(value);
  forms.add(percent);
  forms.add(percent.replace(/%20/g, '+'));
  forms.add(percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  const json = JSON.stringify(value).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/\//g, '\\/'));
  forms.add(
    json.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  const bytes = Buffer.from(value, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const whole = Math.floor((bytes.length - offset) / 3) * 3;
    if (whole <= 0) continue;
    const base64 = bytes.subarray(offset, offset + whole).toString('base64');
    if (base64.length < MIN_BASE64_FORM_LENGTH) continue;
    forms.add(base64);
    forms.add(base64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

export function createRedactor({ values, keep = [] }: CreateRedactorOptions): Redactor {
  const secrets = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
    for (const form of secretForms(value)) secrets.add(form);
  }
  if (secrets.size === 0) {
    return {
      redact: (text) => text,
      redactValue: (value) => value,
      size: 0,
      longest: 0,
      pendingSuffix: () => 0,
    };
  }
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  // Longest first so a secret that contains another is replaced whole.
  const pattern = new RegExp(sorted.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
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
  const longest = sorted[0]?.length ?? 0;
  // Every proper prefix of every form, built once: a chunk's tail is looked up, never scanned.
  const prefixes = new Set<string>();
  for (const form of sorted) for (let end = 1; end < form.length; end++) prefixes.add(form.slice(0, end));
  const pendingSuffix = (text: string): number => {
    for (let length = Math.min(longest - 1, text.length); length > 0; length--) {
      if (prefixes.has(text.slice(text.length - length))) return length;
    }
    return 0;
  };
  return { redact, redactValue, size: secrets.size, longest, pendingSuffix };
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
