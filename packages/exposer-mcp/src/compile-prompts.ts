import type { GetPromptResult, Prompt } from '@modelcontextprotocol/sdk/types.js';
import { type ExposerContext, NaftikoError, resolveFileLocation } from '@naftiko/core';
import { type ExposesMcpSpec, type McpPromptSpec, readRegularFile } from '@naftiko/spec';
import { protocolError } from './protocol-error.js';
import { sdkTypes } from './sdk-types.js';

export interface CompiledPrompts {
  readonly size: number;
  /** Some argument declares `values`: the server offers `completion/complete`. */
  readonly completes: boolean;
  list(): Prompt[];
  get(name: string, args: Record<string, string> | undefined): GetPromptResult;
  /** The declared values of a prompt argument that start with `value` (case-insensitive), at most 100. */
  complete(name: string, argument: string, value: string): Completion;
}

export interface Completion {
  values: string[];
  total: number;
  hasMore: boolean;
}

/** MCP caps a completion at 100 values. */
const MAX_COMPLETIONS = 100;

export interface CompilePromptsOptions {
  expose: ExposesMcpSpec;
  context: ExposerContext;
  /** Largest `location` prompt file, in bytes. */
  maxFileBytes: number;
}

interface CompiledPrompt {
  listing: Prompt;
  required: string[];
  messages: CompiledMessage[];
  /** Declared completion values by argument name. */
  values: Map<string, string[]>;
}

/** Text (the default), or, in the compatible dialect, an image or an embedded resource. */
type CompiledMessage =
  | { role: 'user' | 'assistant'; kind: 'text'; parts: Part[] }
  | { role: 'user' | 'assistant'; kind: 'image'; data: string; mimeType: string }
  | {
      role: 'user' | 'assistant';
      kind: 'resource';
      uri: Part[];
      mimeType?: string;
      text: Part[];
    };

type MessageSpec = NonNullable<McpPromptSpec['template']>[number];

function compileMessage(message: MessageSpec): CompiledMessage {
  const { role } = message;
  if (message.image !== undefined) return { role, kind: 'image', ...message.image };
  if (message.resource !== undefined) {
    const { uri, mimeType, text } = message.resource;
    return {
      role,
      kind: 'resource',
      uri: split(uri),
      ...(mimeType === undefined ? {} : { mimeType }),
      text: split(text),
    };
  }
  return { role, kind: 'text', parts: split(message.content) };
}

/** Literal text or an argument placeholder. */
type Part = string | { argument: string };

// The placeholder syntax of the specification: `{{name}}`, whitespace tolerated.
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/**
 * Prompts, compiled once: `template` messages or a `location` file (one user message) split into
 * literal text and `{{argument}}` placeholders. Argument values are inserted as given, never
 * evaluated as templates themselves.
 */
export function compilePrompts({ expose, context, maxFileBytes }: CompilePromptsOptions): CompiledPrompts {
  const prompts = new Map<string, CompiledPrompt>();
  for (const spec of expose.prompts ?? []) {
    const place = `mcp "${expose.namespace}" prompt "${spec.name}"`;
    const messages =
      spec.template !== undefined
        ? spec.template.map(compileMessage)
        : [
            {
              role: 'user' as const,
              kind: 'text' as const,
              parts: split(readPromptFile(spec, place, context.capability.baseDir, maxFileBytes)),
            },
          ];
    prompts.set(spec.name, {
      listing: promptListing(spec),
      required: (spec.arguments ?? []).filter((argument) => argument.required !== false).map((a) => a.name),
      messages,
      values: new Map(
        (spec.arguments ?? []).flatMap((argument) =>
          argument.values === undefined ? [] : [[argument.name, argument.values] as const],
        ),
      ),
    });
  }
  const unknownPrompt = (name: string) =>
    protocolError(
      sdkTypes().ErrorCode.InvalidParams,
      `Unknown prompt "${name}". Available prompts: ${[...prompts.keys()].join(', ')}.`,
    );

  return {
    size: prompts.size,
    completes: [...prompts.values()].some((prompt) => prompt.values.size > 0),
    complete: (name, argument, value) => {
      const prompt = prompts.get(name);
      if (!prompt) throw unknownPrompt(name);
      const typed = value.toLowerCase();
      const matches = (prompt.values.get(argument) ?? []).filter((candidate) =>
        candidate.toLowerCase().startsWith(typed),
      );
      return {
        values: matches.slice(0, MAX_COMPLETIONS),
        total: matches.length,
        hasMore: matches.length > MAX_COMPLETIONS,
      };
    },
    list: () => [...prompts.values()].map((prompt) => prompt.listing),
    get: (name, args = {}) => {
      const { ErrorCode } = sdkTypes();
      const prompt = prompts.get(name);
      if (!prompt) throw unknownPrompt(name);
      const missing = prompt.required.filter((argument) => args[argument] === undefined);
      if (missing.length > 0) {
        throw protocolError(
          ErrorCode.InvalidParams,
          `Prompt "${name}" needs ${missing.map((argument) => `"${argument}"`).join(', ')}; pass ${missing.length > 1 ? 'them' : 'it'} as arguments.`,
        );
      }
      return {
        ...(prompt.listing.description === undefined ? {} : { description: prompt.listing.description }),
        messages: prompt.messages.map((message) => {
          const fill = (parts: Part[]) =>
            parts.map((part) => (typeof part === 'string' ? part : (args[part.argument] ?? ''))).join('');
          if (message.kind === 'image') {
            return {
              role: message.role,
              content: { type: 'image' as const, data: message.data, mimeType: message.mimeType },
            };
          }
          if (message.kind === 'resource') {
            return {
              role: message.role,
              content: {
                type: 'resource' as const,
                resource: {
                  uri: fill(message.uri),
                  ...(message.mimeType === undefined ? {} : { mimeType: message.mimeType }),
                  text: fill(message.text),
                },
              },
            };
          }
          return { role: message.role, content: { type: 'text' as const, text: fill(message.parts) } };
        }),
      };
    },
  };
}

function promptListing(spec: McpPromptSpec): Prompt {
  return {
    name: spec.name,
    title: spec.label,
    description: spec.description,
    ...(spec.arguments === undefined
      ? {}
      : {
          arguments: spec.arguments.map((argument) => ({
            name: argument.name,
            ...(argument.label === undefined ? {} : { title: argument.label }),
            description: argument.description,
            required: argument.required !== false,
          })),
        }),
  };
}

function split(text: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ argument: match[1] as string });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function readPromptFile(spec: McpPromptSpec, place: string, baseDir: string, maxBytes: number): string {
  const path = spec.location === undefined ? undefined : resolveFileLocation(spec.location, baseDir);
  const read = path === undefined ? undefined : readRegularFile({ path, maxBytes });
  if (read?.bytes) return read.bytes.toString('utf8');
  if (read?.problem.kind === 'too-large') {
    throw new NaftikoError(
      'ACTION_INVALID',
      `${place}: ${spec.location} ${read.problem.reason} a prompt file may have.`,
      { data: { place } },
    );
  }
  throw new NaftikoError(
    'ACTION_INVALID',
    `${place}: location "${spec.location}" names no regular file (relative to ${baseDir})${read ? `: it ${read.problem.reason}` : ''}; create it or fix the path.`,
    { data: { place } },
  );
}

/** Prompt arguments complete from their declared `values`; resource templates have none to offer. */
export function completeRef(
  prompts: CompiledPrompts,
  ref: { type: string; name?: string; uri?: string },
  argument: { name: string; value: string },
) {
  if (ref.type === 'ref/prompt' && ref.name !== undefined) {
    return prompts.complete(ref.name, argument.name, argument.value);
  }
  return { values: [], total: 0, hasMore: false };
}
