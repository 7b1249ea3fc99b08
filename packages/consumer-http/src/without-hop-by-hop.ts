import { dropConnectionNamed, type Redactor } from '@naftiko/core';

// RFC 9110 section 7.6.1: connection-specific fields are never forwarded; `host` is set by undici
// for the upstream origin.
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/**
 * A forwarded answer's headers (lower-case names, as undici parses them) less hop-by-hop ones and
 * those its `Connection` names, held keys redacted.
 */
export function withoutHopByHop(
  headers: Record<string, string | string[] | undefined>,
  held: Redactor,
): Record<string, string | string[]> {
  // RFC 9110 7.6.1: what the upstream's Connection names belongs to that hop.
  dropConnectionNamed(headers);
  const kept: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    kept[name] =
      held.size === 0 ? value : typeof value === 'string' ? held.redact(value) : value.map(held.redact);
  }
  return kept;
}
