import type { ListToolsResult } from '@modelcontextprotocol/sdk/types.js';
import type { CompiledTool } from './compile-tools.js';

/** Distinct sets of granted scopes whose listing is kept; beyond it listings are built per call. */
const MAX_LISTINGS = 256;

/**
 * `tools/list` for a token's scopes: only the tools it may call (a tool's `scopes` all granted).
 * Without OAuth (no scopes) or without scoped tools, the one listing built at create. Listings
 * are remembered per scope set, since a deployment has few distinct ones.
 */
export function createScopedToolList(
  tools: ReadonlyMap<string, CompiledTool>,
  all: ListToolsResult,
): (scopes: readonly string[] | undefined) => ListToolsResult {
  const scoped = [...tools.values()].some((tool) => tool.scopes !== undefined && tool.scopes.length > 0);
  if (!scoped) return () => all;
  const listings = new Map<string, ListToolsResult>();
  return (scopes) => {
    if (scopes === undefined) return all;
    const key = [...scopes].sort().join(' ');
    let listing = listings.get(key);
    if (listing === undefined) {
      const granted = new Set(scopes);
      listing = {
        tools: [...tools.values()]
          .filter((tool) => (tool.scopes ?? []).every((scope) => granted.has(scope)))
          .map((tool) => tool.definition),
      };
      if (listings.size < MAX_LISTINGS) listings.set(key, listing);
    }
    return listing;
  };
}
