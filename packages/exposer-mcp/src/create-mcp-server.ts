import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { AnyObjectSchema, SchemaOutput } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import { Protocol, type RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  type Implementation,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  type ListToolsResult,
  type LoggingLevel,
  ReadResourceRequestSchema,
  type ServerCapabilities,
  type ServerNotification,
  type ServerRequest,
  type ServerResult,
  SetLevelRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { type CompiledPrompts, completeRef } from './compile-prompts.js';
import type { CompiledResources } from './compile-resources.js';
import type { CompiledTool } from './compile-tools.js';
import type { ToolCaller } from './create-tool-caller.js';

/** Everything a server instance needs, compiled once per expose and shared by all sessions. */
export interface McpServerDefinition {
  info: Implementation;
  instructions?: string;
  tools: ReadonlyMap<string, CompiledTool>;
  /** `tools/list` for a token's scopes (all of them without OAuth), built once per definition. */
  listTools: (scopes: readonly string[] | undefined) => ListToolsResult;
  callTool: ToolCaller;
  resources: CompiledResources;
  prompts: CompiledPrompts;
  /** Sessions are told when a list changes (hot reload); false when stateless: no session to tell. */
  listChanged?: boolean;
  /**
   * The expose's `ttlMs` / `cacheScope` (ikanos 1.0.0-beta4): the freshness hint of its cacheable
   * 2026-07-28 results, in place of the defaults.
   */
  cache?: { ttlMs?: number; cacheScope?: 'public' | 'private' };
}

/** Which lists a hot reload changed: each gets its `notifications/<list>/list_changed`. */
export interface McpListChanges {
  tools: boolean;
  resources: boolean;
  prompts: boolean;
}

export interface McpServerFactory {
  (): Server;
  /**
   * Hot reload: servers created from now on, and the handlers of every live session, use `next`
   * (a call already running finishes on the previous definition), and each live session is sent
   * `list_changed` for the lists in `changes` that its capabilities advertise.
   */
  replaceDefinition(next: McpServerDefinition, changes: McpListChanges): void;
}

/** Protocol's own handler registration, bypassing `Server.setRequestHandler` (see tools/call). */
function registerRequestHandler<T extends AnyObjectSchema>(
  server: Server,
  schema: T,
  handler: (
    request: SchemaOutput<T>,
    extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
  ) => ServerResult | Promise<ServerResult>,
): void {
  Protocol.prototype.setRequestHandler.call(server, schema, handler);
}

const SEVERITY: Record<LoggingLevel, number> = {
  debug: 0,
  info: 1,
  notice: 2,
  warning: 3,
  error: 4,
  critical: 5,
  alert: 6,
  emergency: 7,
};

/**
 * A factory of SDK servers (one per session, or per request when stateless) on the low-level
 * `Server`, so tools advertise the raw JSON Schemas of their actions. Capabilities list
 * resources and prompts only when the expose declares some.
 */
export function createMcpServerFactory(initial: McpServerDefinition): McpServerFactory {
  let definition = initial;
  // Sessions (and stdio's one server) to tell about a reload; a server leaves when it closes.
  const live = new Map<Server, ServerCapabilities>();
  // Left to itself each Server builds its own Ajv instance (with formats) for elicitation, which
  // this exposer never sends: one shared, built on first use, keeps sessions light.
  let ajv: AjvJsonSchemaValidator | undefined;
  const jsonSchemaValidator: jsonSchemaValidator = {
    getValidator: (schema) => {
      ajv ??= new AjvJsonSchemaValidator();
      return ajv.getValidator(schema);
    },
  };

  const create = (): Server => {
    const { info, instructions } = definition;
    const listChanged = definition.listChanged === true;
    // Logging: each call's log line also goes to the client, filtered by its `logging/setLevel`.
    const capabilities: ServerCapabilities = { tools: { listChanged }, logging: {} };
    if (definition.resources.size > 0) capabilities.resources = { listChanged };
    if (definition.prompts.size > 0) capabilities.prompts = { listChanged };
    if (definition.prompts.completes) capabilities.completions = {};
    const server = new Server(info, {
      capabilities,
      jsonSchemaValidator,
      ...(instructions === undefined ? {} : { instructions }),
    });
    if (listChanged) {
      live.set(server, capabilities);
      server.onclose = () => {
        live.delete(server);
      };
    }
    // Until the client picks a level, only failed calls are reported to it.
    let threshold = SEVERITY.warning;
    server.setRequestHandler(SetLevelRequestSchema, (request) => {
      threshold = SEVERITY[request.params.level];
      return {};
    });
    server.setRequestHandler(ListToolsRequestSchema, (_request, extra) =>
      definition.listTools(extra.authInfo?.scopes),
    );
    // Registered through Protocol, not Server's override: that override parses each tools/call a
    // second time (Protocol's registration already parsed it against the same schema) and runs
    // the result through zod, copying it; our results are CallToolResults by construction
    // (toToolResult, toErrorResult, toStreamToolResult). Saves ~7 KB of garbage per call (of ~80).
    registerRequestHandler(server, CallToolRequestSchema, (request, extra) =>
      definition.callTool(
        {
          name: request.params.name,
          ...(request.params.arguments === undefined ? {} : { arguments: request.params.arguments }),
          ...(request.params._meta?.progressToken === undefined
            ? {}
            : { progressToken: request.params._meta.progressToken }),
        },
        {
          signal: extra.signal,
          ...(typeof request.params._meta?.traceparent === 'string'
            ? { traceparent: request.params._meta.traceparent }
            : {}),
          sendNotification: extra.sendNotification,
          ...(extra.sessionId === undefined ? {} : { sessionId: extra.sessionId }),
          ...(extra.requestInfo === undefined ? {} : { headers: extra.requestInfo.headers }),
          ...remoteAddressOf(extra.requestInfo),
          sendLog: (level, data) => {
            if (SEVERITY[level] < threshold) return;
            // Related to the call, so it travels on the call's own response stream.
            extra
              .sendNotification({
                method: 'notifications/message',
                params: { level, logger: definition.info.name, data },
              })
              .catch(() => undefined);
          },
        },
      ),
    );
    if (capabilities.resources !== undefined) {
      server.setRequestHandler(ListResourcesRequestSchema, async () => ({
        resources: await definition.resources.list(),
      }));
      server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
        resourceTemplates: definition.resources.listTemplates(),
      }));
      server.setRequestHandler(ReadResourceRequestSchema, (request, extra) =>
        definition.resources.read(request.params.uri, extra.signal),
      );
    }
    if (capabilities.prompts !== undefined) {
      server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: definition.prompts.list() }));
      server.setRequestHandler(GetPromptRequestSchema, (request) =>
        definition.prompts.get(request.params.name, request.params.arguments),
      );
    }
    if (capabilities.completions !== undefined) {
      server.setRequestHandler(CompleteRequestSchema, (request) => ({
        completion: completeRef(definition.prompts, request.params.ref, request.params.argument),
      }));
    }
    return server;
  };

  return Object.assign(create, {
    replaceDefinition: (next: McpServerDefinition, changes: McpListChanges) => {
      definition = next;
      for (const [server, advertised] of live) {
        // A session that never advertised a list (no resources at its start) is not told about it.
        if (changes.tools) server.sendToolListChanged().catch(() => undefined);
        if (changes.resources && advertised.resources !== undefined)
          server.sendResourceListChanged().catch(() => undefined);
        if (changes.prompts && advertised.prompts !== undefined)
          server.sendPromptListChanged().catch(() => undefined);
      }
    },
  });
}

/** The client address our HTTP transport adds to the SDK's request info (absent over stdio). */
function remoteAddressOf(info: unknown): { remoteAddress?: string } {
  const address = (info as { remoteAddress?: unknown } | undefined)?.remoteAddress;
  return typeof address === 'string' ? { remoteAddress: address } : {};
}
