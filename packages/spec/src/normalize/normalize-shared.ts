import { asDict, type Dict } from '../capability-index.js';
import type { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';
import { AUTHENTICATION_TYPES, foldCase } from '../model/case-variants.js';

// Helpers both halves of the normaliser (consumes and exposes) use.

export type Warn = (code: Parameters<typeof createDiagnostic>[0], pointer: string, message: string) => void;

/** `apiKey` -> `apikey`, OpenAPI's `in`/`name` -> `placement`/`key`. */
export function normalizeAuthentication(value: unknown, pointer: string, warn: Warn): void {
  const auth = asDict(value);
  if (!auth) return;
  fold(auth, 'type', AUTHENTICATION_TYPES, pointer, warn, { 'api-key': 'apikey', api_key: 'apikey' });
  fold(auth, 'placement', ['header', 'query'], pointer, warn);
  fold(auth, 'in', ['header', 'query'], pointer, warn);
  communityFields(auth, pointer, warn);
  if (auth.in === undefined && auth.name === undefined) return;
  const placement = auth.placement ?? auth.in;
  const key = auth.key ?? auth.name;
  warn(
    'community-auth-in-name',
    joinPointer(pointer, auth.in !== undefined ? 'in' : 'name'),
    `\`in\`/\`name\` on authentication are OpenAPI's words, a community construct; the official form is ${[
      placement === undefined ? '' : `\`placement: ${String(placement)}\``,
      key === undefined ? '' : `\`key: ${String(key)}\``,
    ]
      .filter(Boolean)
      .join(' and ')}`,
  );
  if (auth.placement === undefined && auth.in !== undefined) auth.placement = auth.in;
  if (auth.key === undefined && auth.name !== undefined) auth.key = auth.name;
  delete auth.in;
  delete auth.name;
}

/**
 * Other community spellings: `header` + `token` on `apikey` (the key's header and value), `value`
 * and `placement` on `bearer` (the token; bearer is always a header).
 */
function communityFields(auth: Dict, pointer: string, warn: Warn): void {
  if (auth.type === 'apikey' && auth.header !== undefined) {
    // `key` holds the value when `header` names the header (`header: X-Project, key: '{{ID}}'`).
    const value = auth.token ?? auth.value ?? auth.key;
    warn(
      'community-auth-fields',
      joinPointer(pointer, 'header'),
      `\`header\` on \`apikey\` authentication is a community construct; the official form is \`key: ${String(auth.header)}\`, \`value: …\` and \`placement: header\``,
    );
    auth.key = auth.header;
    auth.placement = 'header';
    if (value !== undefined) auth.value = value;
    delete auth.header;
    delete auth.token;
  }
  if (auth.type === 'bearer' && auth.token === undefined && auth.value !== undefined) {
    warn(
      'community-auth-fields',
      joinPointer(pointer, 'value'),
      '`value` on `bearer` authentication is a community construct; the official form is `token: …` (a bearer token always goes in the Authorization header)',
    );
    auth.token = auth.value;
    delete auth.value;
    delete auth.placement;
  }
}

/** The path an operation-level `path` means: itself when it already starts below the resource. */
export function belowPath(resourcePath: string, operationPath: string): string {
  const base = resourcePath.replace(/\/+$/, '');
  if (operationPath === '' || operationPath === '/') return resourcePath;
  if (base !== '' && (operationPath === base || operationPath.startsWith(`${base}/`))) return operationPath;
  return `${base}/${operationPath.replace(/^\/+/, '')}`;
}

export function emptyList(owner: Dict, key: string, pointer: string, warn: Warn): void {
  if (!Array.isArray(owner[key]) || (owner[key] as unknown[]).length > 0) return;
  warn(
    'community-empty-list',
    joinPointer(pointer, key),
    `\`${key}: []\` declares nothing, a community construct; the official form omits the key`,
  );
  delete owner[key];
}

/**
 * Replaces `owner[key]` by the listed value it spells in another letter case (`get`, `Bearer`) or
 * names by a synonym, with one `community-enum-synonym` warning.
 */
export function fold(
  owner: Dict,
  key: string,
  values: readonly string[],
  pointer: string,
  warn: Warn,
  synonyms: Record<string, string> = {},
): void {
  const written = owner[key];
  if (typeof written !== 'string') return;
  const official = Object.hasOwn(synonyms, written) ? synonyms[written] : foldCase(written, values);
  if (official === undefined || official === written) return;
  synonym(warn, joinPointer(pointer, key), written, official);
  owner[key] = official;
}

export function synonym(warn: Warn, pointer: string, written: string, official: string): void {
  warn(
    'community-enum-synonym',
    pointer,
    `\`${written}\` is a community spelling; the official value is \`${official}\``,
  );
}

export function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let suffix = 2; taken.has(candidate); suffix++) candidate = `${name}-${suffix}`;
  return candidate;
}
