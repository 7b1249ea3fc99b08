import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  type Action,
  createTemplateContext,
  type ExposerContext,
  NaftikoError,
  type Template,
} from '@naftiko/core';
import type { McpToolSpec } from '@naftiko/spec';

type ContentSpec = NonNullable<McpToolSpec['content']>[number];

/** Renders a tool's `content:` blocks from its action's result and the call's arguments. */
export type CompiledContent = (result: unknown, args: Record<string, unknown>) => CallToolResult['content'];

export interface CompileContentOptions {
  blocks: ContentSpec[];
  action: Action;
  context: ExposerContext;
  namespace: string;
  place: string;
}

/** What each block type needs, for the load-time check and its message. */
const REQUIRED: Record<ContentSpec['type'], (keyof ContentSpec)[]> = {
  text: ['text'],
  image: ['data', 'mimeType'],
  audio: ['data', 'mimeType'],
  resource: ['uri', 'text'],
};

/**
 * `content:` (compatible dialect): the tool result as MCP content blocks instead of the action's
 * JSON as text. Every field is a template over `result` (the action's result: its JSON value or
 * text) and the arguments (`{{tools.x}}`), compiled here, once.
 */
export function compileContent(options: CompileContentOptions): CompiledContent {
  const { blocks, action, context, namespace, place } = options;
  if (action.streaming) {
    throw new NaftikoError(
      'ACTION_INVALID',
      `${place}: \`content\` does not apply to a streaming tool (its result is the collected events); remove \`content\` or call a non-streaming operation.`,
      { data: { place } },
    );
  }
  const compile = (source: string | undefined, field: string): Template | undefined =>
    source === undefined
      ? undefined
      : context.compileTemplate(source, { place: `${place} content ${field}` });
  const compiled = blocks.map((block, index) => {
    const missing = REQUIRED[block.type].filter((field) => block[field] === undefined);
    if (missing.length > 0) {
      throw new NaftikoError(
        'ACTION_INVALID',
        `${place}: content[${index}] (${block.type}) needs ${missing.map((field) => `\`${field}\``).join(' and ')}.`,
        { data: { place, index, missing } },
      );
    }
    return {
      type: block.type,
      mimeType: block.mimeType,
      text: compile(block.text, `[${index}].text`),
      data: compile(block.data, `[${index}].data`),
      uri: compile(block.uri, `[${index}].uri`),
    };
  });
  return (result, args) => {
    const scope = createTemplateContext({
      bindings: context.bindings,
      arguments: args,
      argumentNamespaces: [namespace],
      steps: { result },
    });
    const render = (template: Template | undefined) => template?.render(scope, { strict: true }) ?? '';
    return compiled.map((block) => {
      if (block.type === 'text') return { type: 'text', text: render(block.text) };
      if (block.type === 'resource') {
        return {
          type: 'resource',
          resource: {
            uri: render(block.uri),
            ...(block.mimeType === undefined ? {} : { mimeType: block.mimeType }),
            text: render(block.text),
          },
        };
      }
      return { type: block.type, data: render(block.data), mimeType: block.mimeType as string };
    });
  };
}
