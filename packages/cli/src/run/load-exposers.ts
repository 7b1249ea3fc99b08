import type { ExposerV1, HttpServerTimeouts } from '@naftiko/core';
import type { McpExposerOptions } from '@naftiko/exposer-mcp';

export interface LoadExposersOptions {
  /** The expose types the capability uses: only those implementations are loaded (cold start). */
  types: ReadonlySet<string>;
  /** `--allowed-host`: every HTTP expose answers these names too. */
  allowedHosts: string[];
  /** In-flight requests get this long to finish on stop, in ms (MCP and REST). */
  shutdownGraceMs: number;
  /** Header and request timeouts of every HTTP listener; default each exposer's. */
  timeouts?: HttpServerTimeouts;
  mcp: McpExposerOptions;
}

/**
 * The exposers `naftiko run` can serve, imported only when the capability needs them. A type not
 * listed here is left unregistered, and the engine's start fails naming it.
 */
export async function loadExposers(options: LoadExposersOptions): Promise<ExposerV1[]> {
  const { types, allowedHosts, shutdownGraceMs, timeouts = {}, mcp } = options;
  const exposers: ExposerV1[] = [];
  if (types.has('mcp')) {
    const { createMcpExposer } = await import('@naftiko/exposer-mcp');
    exposers.push(createMcpExposer({ ...mcp, ...timeouts, allowedHosts, shutdownGraceMs }));
  }
  if (types.has('rest')) {
    const { createRestExposer } = await import('@naftiko/exposer-rest');
    exposers.push(createRestExposer({ ...timeouts, allowedHosts, shutdownGraceMs }));
  }
  if (types.has('skill')) {
    const { createSkillExposer } = await import('@naftiko/exposer-skill');
    exposers.push(createSkillExposer({ ...timeouts, allowedHosts }));
  }
  if (types.has('control')) {
    const { createControlExposer } = await import('@naftiko/exposer-control');
    exposers.push(createControlExposer({ ...timeouts, allowedHosts }));
  }
  return exposers;
}
