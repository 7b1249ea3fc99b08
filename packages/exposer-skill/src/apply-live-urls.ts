import type { ListenAddress } from '@naftiko/core';
import type { SkillToolInfo } from './describe-skill-tools.js';

/**
 * Replaces the URLs derived from the capability (declared address and port) with the ones the
 * sibling exposes actually listen on, e.g. after `--port ns=0`.
 */
export function applyLiveUrls(
  tools: readonly SkillToolInfo[],
  addresses: readonly ListenAddress[],
): SkillToolInfo[] {
  return tools.map((tool) => {
    if (tool.type !== 'derived') return tool;
    const { invocation } = tool;
    const live = addresses.find((a) => a.type === invocation.mode && a.namespace === invocation.namespace);
    if (!live) return tool;
    if (invocation.mode === 'rest') {
      return {
        ...tool,
        invocation: { ...invocation, url: `${live.url.replace(/\/+$/, '')}${invocation.path}` },
      };
    }
    return invocation.transport === 'http' ? { ...tool, invocation: { ...invocation, url: live.url } } : tool;
  });
}
