import { asDict, asString, type CapabilityIndex, dictItems } from '../capability-index.js';
import { didYouMean } from '../closest-matches.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

/**
 * A skill tool derived with `from` points at a sibling rest or mcp expose and one of its
 * operations or tools; an `instruction` tool is read from the skill's `location`.
 */
export function checkSkills(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  const actionsByNamespace = new Map<string, string[]>();
  for (const expose of index.exposes) {
    if (!expose.namespace || (expose.type !== 'rest' && expose.type !== 'mcp')) continue;
    actionsByNamespace.set(expose.namespace, actionNames(index, expose.pointer));
  }
  const sources = [...actionsByNamespace.keys()];

  for (const expose of index.exposes) {
    if (expose.type !== 'skill') continue;
    for (const { item: skill, pointer: skillPointer } of dictItems(expose.entry, 'skills', expose.pointer)) {
      for (const { item: tool, pointer } of dictItems(skill, 'tools', skillPointer)) {
        const from = asDict(tool.from);
        if (from) {
          const source = asString(from.sourceNamespace);
          const action = asString(from.action);
          const actions = source === undefined ? undefined : actionsByNamespace.get(source);
          if (source !== undefined && actions === undefined) {
            diagnostics.push(
              createDiagnostic(
                'unknown-skill-source',
                joinPointer(pointer, 'from', 'sourceNamespace'),
                `\`sourceNamespace: ${source}\` names no rest or mcp expose of this capability${didYouMean(source, sources) || (sources.length > 0 ? `; rest/mcp exposes: ${sources.map((n) => `\`${n}\``).join(', ')}` : '; add the rest or mcp expose the skill draws from')}`,
              ),
            );
          } else if (actions !== undefined && action !== undefined && !actions.includes(action)) {
            diagnostics.push(
              createDiagnostic(
                'unknown-skill-action',
                joinPointer(pointer, 'from', 'action'),
                `\`action: ${action}\` is not a tool or operation of expose \`${source}\`${didYouMean(action, actions) || (actions.length > 0 ? `; it has ${actions.map((n) => `\`${n}\``).join(', ')}` : '')}`,
              ),
            );
          }
        }
        if (tool.instruction !== undefined && skill.location === undefined) {
          diagnostics.push(
            createDiagnostic(
              'skill-instruction-without-location',
              joinPointer(pointer, 'instruction'),
              `tool \`${asString(tool.name) ?? ''}\` reads its instruction from a file, but skill \`${asString(skill.name) ?? ''}\` has no \`location\`; add \`location: file:///…\` to the skill`,
            ),
          );
        }
      }
    }
  }
  return diagnostics;
}

/** Names a skill can use as `action`: MCP tool names (or the function a `ref` tool inherits) and REST operation names. */
function actionNames(index: CapabilityIndex, exposePointer: string): string[] {
  const names: string[] = [];
  for (const unit of index.units) {
    if (unit.expose?.pointer !== exposePointer || unit.kind === 'mcp-resource') continue;
    const name = asString(unit.entry.name) ?? asString(unit.entry.ref)?.split('.')[1];
    if (name) names.push(name);
  }
  return names;
}
