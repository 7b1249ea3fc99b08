import type { Capability } from '@naftiko/core';
import type { ExposedSkillSpec, SkillToolSpec } from '@naftiko/spec';
import { clampText, MAX_SKILL_DESCRIPTION_LENGTH, toSkillName } from './agent-skill-rules.js';

/**
 * Skills for a capability that declares no skill expose (the seed, for one): one skill per MCP
 * or REST expose, named after the expose namespace, whose tools are every MCP tool or named
 * REST operation of that expose. The description is the capability's (else the expose's) plus
 * the tool list, cut to the Agent Skills limit.
 */
export function deriveSkills({ capability }: { capability: Capability }): ExposedSkillSpec[] {
  const info = capability.document.info;
  const skills: ExposedSkillSpec[] = [];
  for (const expose of capability.exposes) {
    if (expose.type !== 'mcp' && expose.type !== 'rest') continue;
    const tools: SkillToolSpec[] = [];
    if (expose.type === 'mcp') {
      for (const tool of expose.tools) {
        const action = tool.name ?? tool.ref?.split('.')[1];
        if (action === undefined) continue;
        tools.push({
          name: action,
          description: oneLine(tool.description ?? tool.label ?? `MCP tool ${action}`),
          from: { sourceNamespace: expose.namespace, action },
        });
      }
    } else {
      for (const resource of expose.resources ?? []) {
        for (const operation of resource.operations ?? []) {
          // Unnamed operations cannot be referenced by `from.action`.
          if (operation.name === undefined) continue;
          tools.push({
            name: operation.name,
            description: oneLine(
              operation.description ?? operation.label ?? `${operation.method ?? 'GET'} ${resource.path}`,
            ),
            from: { sourceNamespace: expose.namespace, action: operation.name },
          });
        }
      }
    }
    if (tools.length === 0) continue;
    const about = info?.description ?? expose.description ?? info?.label ?? expose.namespace;
    const server = expose.type === 'mcp' ? 'MCP server' : 'REST API';
    skills.push({
      name: toSkillName(expose.namespace),
      description: clampText(
        `${about} Use this skill to work with it through the ${server} "${expose.namespace}": ${tools.map((t) => t.name).join(', ')}.`,
        MAX_SKILL_DESCRIPTION_LENGTH,
      ),
      tools,
    });
  }
  return skills;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
