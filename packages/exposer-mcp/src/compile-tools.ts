import type { Tool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { type Action, type ExposerContext, type JsonSchema, NaftikoError, splitTarget } from '@naftiko/core';
import type { ExposesMcpSpec, McpToolHintsSpec, McpToolSpec } from '@naftiko/spec';
import { type CompiledContent, compileContent } from './compile-content.js';

/** A tool ready to list and call: its `tools/list` entry and the action behind it. */
export interface CompiledTool {
  readonly name: string;
  readonly definition: Tool;
  readonly action: Action;
  /** OAuth scopes a token needs to see and call it (extension `scopes`). */
  readonly scopes?: readonly string[];
  /** `content:` blocks, rendered from the action's result instead of its JSON as text. */
  readonly content?: CompiledContent;
}

export interface CompileToolsOptions {
  expose: ExposesMcpSpec;
  context: ExposerContext;
}

/** Builds every tool's action and listing once, at create time. */
export function compileTools({ expose, context }: CompileToolsOptions): Map<string, CompiledTool> {
  const tools = new Map<string, CompiledTool>();
  for (const [index, spec] of expose.tools.entries()) {
    const name = toolName(spec);
    if (name === undefined) {
      throw new NaftikoError(
        'ACTION_INVALID',
        `mcp "${expose.namespace}" tools[${index}] has no name; give it a name.`,
        { data: { place: `mcp "${expose.namespace}" tools[${index}]` } },
      );
    }
    if (tools.has(name)) {
      throw new NaftikoError(
        'ACTION_INVALID',
        `mcp "${expose.namespace}" declares tool "${name}" twice; tool names must be unique.`,
        { data: { place: `mcp "${expose.namespace}" tools[${index}]` } },
      );
    }
    const action = context.createAction(spec, { exposeNamespace: expose.namespace, name });
    const place = `mcp "${expose.namespace}" tool "${name}"`;
    const content =
      spec.content === undefined
        ? undefined
        : compileContent({ blocks: spec.content, action, context, namespace: expose.namespace, place });
    tools.set(name, {
      name,
      action,
      definition: toolDefinition(name, spec, action, content !== undefined),
      ...(spec.scopes === undefined ? {} : { scopes: spec.scopes }),
      ...(content === undefined ? {} : { content }),
    });
  }
  return tools;
}

/** A `ref`-only tool takes its name from the aggregate function. */
function toolName(spec: McpToolSpec): string | undefined {
  if (spec.name) return spec.name;
  return spec.ref === undefined ? undefined : splitTarget(spec.ref)?.name;
}

function toolDefinition(name: string, spec: McpToolSpec, action: Action, blocks: boolean): Tool {
  const annotations = toAnnotations(action.hints, spec.label);
  const description = action.description ?? spec.description;
  // Content blocks carry no `structuredContent`, so the output schema would promise one.
  const outputSchema = blocks ? undefined : action.outputSchema;
  return {
    name,
    ...(spec.label === undefined ? {} : { title: spec.label }),
    ...(description === undefined ? {} : { description }),
    inputSchema: asObjectSchema(action.inputSchema) as Tool['inputSchema'],
    // MCP output schemas describe `structuredContent`, which is always an object.
    ...(outputSchema?.type === 'object' ? { outputSchema: outputSchema as Tool['outputSchema'] } : {}),
    ...(annotations === undefined ? {} : { annotations }),
  };
}

function asObjectSchema(schema: JsonSchema): JsonSchema {
  return schema.type === 'object' ? schema : { ...schema, type: 'object' };
}

function toAnnotations(
  hints: McpToolHintsSpec | undefined,
  label: string | undefined,
): ToolAnnotations | undefined {
  const annotations: ToolAnnotations = {};
  if (label !== undefined) annotations.title = label;
  if (hints?.readOnly !== undefined) annotations.readOnlyHint = hints.readOnly;
  if (hints?.destructive !== undefined) annotations.destructiveHint = hints.destructive;
  if (hints?.idempotent !== undefined) annotations.idempotentHint = hints.idempotent;
  if (hints?.openWorld !== undefined) annotations.openWorldHint = hints.openWorld;
  return Object.keys(annotations).length > 0 ? annotations : undefined;
}
