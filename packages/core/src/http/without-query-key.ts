/**
 * `search` ('' or '?...') without any `name=` pair, however the client encoded the name: a
 * gateway removes the inbound credential and any copy of the key it adds itself before
 * forwarding a query.
 */
export function withoutQueryKey(search: string, name: string): string {
  if (search === '') return search;
  const kept = search
    .slice(1)
    .split('&')
    .filter((pair) => {
      const raw = pair.split('=')[0] ?? '';
      let decoded: string;
      try {
        decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        decoded = raw;
      }
      return decoded !== name;
    });
  return kept.length === 0 ? '' : `?${kept.join('&')}`;
}
