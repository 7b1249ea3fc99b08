/**
 * Host and Origin validation against DNS rebinding: a page on `evil.example` whose DNS name
 * re-resolves to 127.0.0.1 reaches a loopback server with `Host: evil.example`. A loopback bind
 * therefore accepts only the loopback names (any port); a specific non-loopback bind accepts its
 * own address; configured `allowedHosts` / `allowedOrigins` extend (and, for a wildcard bind,
 * enable) the check.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface CreateHostCheckOptions {
  /** The bound address, e.g. `127.0.0.1`, `::1`, `0.0.0.0`, `mcp.internal`. */
  address: string;
  /** Extra accepted `Host` values: a name (`mcp.example.com`, any port) or `name:port`. */
  allowedHosts?: readonly string[];
  /** Extra accepted `Origin` values, exactly (`https://app.example.com`). */
  allowedOrigins?: readonly string[];
}

export type HostCheckResult = { ok: true } | { ok: false; message: string };

export interface HostCheck {
  /** False when the bind is a wildcard with nothing configured: every Host is accepted. */
  readonly enforced: boolean;
  check(headers: IncomingHttpHeaders): HostCheckResult;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export function isLoopbackAddress(address: string): boolean {
  const host = address.toLowerCase();
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '[::]';
}

/** `[::1]:9090` -> `[::1]`, `Example.com:80` -> `example.com`. */
function hostnameOf(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    return end === -1 ? lower : lower.slice(0, end + 1);
  }
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

function bracketed(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

export function createHostCheck(options: CreateHostCheckOptions): HostCheck {
  const { address, allowedHosts = [], allowedOrigins = [] } = options;
  const names = new Set<string>();
  const exact = new Set<string>();
  if (isLoopbackAddress(address)) for (const name of LOOPBACK_NAMES) names.add(name);
  else if (!isWildcardAddress(address)) names.add(bracketed(address.toLowerCase()));
  for (const entry of allowedHosts) {
    const lower = entry.trim().toLowerCase();
    if (lower === '') continue;
    // `name:port` pins the port; a bare name accepts any port.
    if (hostnameOf(lower) !== lower) exact.add(lower);
    else names.add(lower);
  }
  const origins = new Set(allowedOrigins.map((origin) => origin.trim().toLowerCase().replace(/\/+$/, '')));
  const enforced = names.size > 0 || exact.size > 0;

  const hostAllowed = (host: string): boolean => {
    const lower = host.trim().toLowerCase();
    return exact.has(lower) || names.has(hostnameOf(lower));
  };

  return {
    enforced,
    check: (headers) => {
      const host = headers.host;
      if (enforced && (host === undefined || !hostAllowed(host))) {
        return { ok: false, message: `Invalid Host header: ${host ?? '(none)'}` };
      }
      const origin = headers.origin;
      if (origin === undefined || (!enforced && origins.size === 0)) return { ok: true };
      const normalized = origin.trim().toLowerCase().replace(/\/+$/, '');
      if (origins.has(normalized)) return { ok: true };
      let originHost: string | undefined;
      try {
        originHost = new URL(normalized).host;
      } catch {
        originHost = undefined;
      }
      // Without explicit origins, an origin on an accepted host is same-site enough.
      if (originHost !== undefined && enforced && hostAllowed(originHost)) return { ok: true };
      return { ok: false, message: `Invalid Origin header: ${origin}` };
    },
  };
}
