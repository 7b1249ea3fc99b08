/**
 * DNS-rebinding guard: a page on `evil.example` whose name re-resolves to 127.0.0.1 reaches a
 * loopback server with `Host: evil.example`. A loopback bind therefore answers only requests
 * addressed to a loopback name (any port). Other binds are reachable by design and rely on
 * `authentication`.
 */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `127.x.x.x`, `::1` (bracketed or not) and `localhost`. */
export function isLoopbackAddress(address: string): boolean {
  const host = address.toLowerCase();
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Whether a request's `Host` header may reach a server bound to `address`. */
export function isAllowedHost(address: string, host: string | undefined): boolean {
  if (!isLoopbackAddress(address)) return true;
  if (host === undefined) return false;
  const lower = host.trim().toLowerCase();
  const name = lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.split(':')[0];
  return name !== undefined && LOOPBACK_NAMES.has(name);
}
