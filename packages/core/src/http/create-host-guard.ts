/**
 * The same-origin guard every HTTP expose runs first (MCP, REST, skill, control), against DNS
 * rebinding and cross-site requests. A page on `evil.example` whose name re-resolves to 127.0.0.1
 * reaches a local server with `Host: evil.example`; a page on any site can POST `text/plain` to
 * any URL with `Origin: https://that.site`. So a request must name this server: its `Host` is a
 * loopback name, the bound address itself, or a name the operator allowed (`--allowed-host`),
 * whatever the bind (a wildcard `0.0.0.0` bind included: a container published as `localhost`
 * still answers `localhost`); an `Origin`, when sent, must be on such a name too. Everything is
 * decided at start; a request costs a header lookup and a Set probe.
 * Modelled on the MCP SDK v2 `hostHeaderValidation` middleware.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { formatUrlHost } from './format-url-host.js';

export interface CreateHostGuardOptions {
  /** The bound address: `127.0.0.1`, `::1`, `0.0.0.0`, `10.0.0.5`, `localhost`. */
  address: string;
  /** Extra accepted names (`--allowed-host`): `gateway.example` (any port) or `gateway.example:8443`. */
  allowedHosts?: readonly string[];
  /** Extra accepted `Origin` values, exactly (`https://app.example.com`). */
  allowedOrigins?: readonly string[];
}

/** Why a request was refused: 400 for a malformed Host, 403 for a foreign Host or Origin. */
export interface HostGuardRefusal {
  status: 400 | 403;
  message: string;
}

/** What the guard reads of a request (a node:http `IncomingMessage` is one). */
export interface GuardedRequest {
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
}

export interface HostGuard {
  /** Undefined when the request may proceed, else the refusal to answer with. */
  check(request: GuardedRequest): HostGuardRefusal | undefined;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
// Accepted Host values seen so far, verbatim: the common case is one Set probe. Bounded, since
// the port part of an accepted name is the client's choice.
const SEEN_LIMIT = 64;

/** `127.x.x.x`, `::1` (bracketed or not) and `localhost`. */
export function isLoopbackAddress(address: string): boolean {
  const host = address.toLowerCase();
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** `0.0.0.0`, `::` (bracketed or not): every interface. */
export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '[::]';
}

/** Builds the guard of one listener; the accepted names are fixed here. */
export function createHostGuard(options: CreateHostGuardOptions): HostGuard {
  const { address, allowedHosts = [], allowedOrigins = [] } = options;
  const names = new Set(LOOPBACK_NAMES);
  if (!isLoopbackAddress(address) && !isWildcardAddress(address))
    names.add(formatUrlHost(address.toLowerCase()));
  const exact = new Set<string>();
  for (const entry of allowedHosts) {
    const lower = entry.trim().toLowerCase();
    if (lower === '') continue;
    // `name:port` pins the port; a bare name accepts any port.
    if (hostnameOf(lower) === lower) names.add(formatUrlHost(lower));
    else exact.add(lower);
  }
  const origins = new Set(allowedOrigins.map(normalizeOrigin));
  const accepted = new Set<string>();
  const listed = [...names, ...exact].join(', ');

  const hostAllowed = (host: string): boolean => {
    const lower = host.trim().toLowerCase();
    return exact.has(lower) || names.has(hostnameOf(lower));
  };
  const refuseHost = (host: string): HostGuardRefusal => ({
    status: 403,
    message: `Host "${host}" is not a name of this server (${listed}); to serve it, start naftiko with --allowed-host ${hostnameOf(host.trim().toLowerCase()) || host}.`,
  });

  return {
    check: (request) => {
      const host = request.headers.host;
      if (host === undefined || host === '') {
        return { status: 400, message: 'A Host header is required (HTTP/1.1).' };
      }
      if (!accepted.has(host)) {
        if (!hostAllowed(host)) return refuseHost(host);
        if (accepted.size < SEEN_LIMIT) accepted.add(host);
      }
      // Node keeps the first of several Host headers; a proxy in front may have read another.
      if (countHost(request.rawHeaders) > 1) {
        return { status: 400, message: 'More than one Host header; send exactly one.' };
      }
      const origin = request.headers.origin;
      if (origin === undefined) return undefined;
      const normalized = normalizeOrigin(origin);
      if (origins.has(normalized)) return undefined;
      const originHost = hostOfOrigin(normalized);
      if (originHost !== undefined && hostAllowed(originHost)) return undefined;
      return {
        status: 403,
        message: `Origin "${origin}" is another site: cross-site requests are refused; to accept a web app on that site, start naftiko with --allowed-host ${originHost === undefined ? '<its name>' : hostnameOf(originHost)}.`,
      };
    },
  };
}

function countHost(rawHeaders: string[]): number {
  let count = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    if (name.length === 4 && name.toLowerCase() === 'host') count += 1;
  }
  return count;
}

/** `[::1]:9090` -> `[::1]`, `example.com:80` -> `example.com` (input already lower case). */
function hostnameOf(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/** The `host[:port]` of an http(s) origin; undefined for `null`, other schemes and garbage. */
function hostOfOrigin(origin: string): string | undefined {
  const match = /^https?:\/\/([^/?#@]+)$/.exec(origin);
  return match?.[1];
}
