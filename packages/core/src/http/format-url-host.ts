/** A host as a URL writes it: an IPv6 literal (`::1`) in brackets, anything else as it is. */
export function formatUrlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
