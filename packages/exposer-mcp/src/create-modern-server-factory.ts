import type {
  CacheHint,
  CallToolResult,
  GetPromptResult,
  ReadResourceResult,
  ServerCapabilities,
} from '@modelcontextprotocol/server';
import { Server } from '@modelcontextprotocol/server';
import { completeRef } from './compile-prompts.js';
import { RESOURCE_NOT_FOUND } from './compile-resources.js';
import type { McpServerDefinition } from './create-mcp-server.js';

/** 2026-07-28 (SEP-2164): an unknown resource is invalid params, no longer -32002. */
const INVALID_PARAMS = -32602;

/** `_meta` key of the W3C trace context a client sends with a request (kept for upstream propagation). */
const TRACEPARENT_META_KEY = 'traceparent';

/**
 * Cache policy of 2026-07-28 list and read results, where the expose declares none (`ttlMs`,
 * `cacheScope`): the listings change only with the capability file (and every replica serves the
 * same file), so a client may keep them for a minute; resource contents come from upstreams and
 * stay `private` with no lifetime.
 */
export const DEFAULT_CACHE_HINTS = {
  'server/discover': { ttlMs: 60_000, cacheScope: 'public' },
  'tools/list': { ttlMs: 60_000, cacheScope: 'public' },
  'prompts/list': { ttlMs: 60_000, cacheScope: 'public' },
  'resources/list': { ttlMs: 60_000, cacheScope: 'public' },
  'resources/templates/list': { ttlMs: 60_000, cacheScope: 'public' },
  'resources/read': { ttlMs: 0, cacheScope: 'private' },
} as const satisfies Record<string, CacheHint>;

export type ModernServerFactory = () => Server;

type CacheHints = Record<keyof typeof DEFAULT_CACHE_HINTS, CacheHint>;

/** The expose's declared hint, field by field, over the defaults of every cacheable result. */
function cacheHintsOf(definition: McpServerDefinition): CacheHints {
  const declared = definition.cache;
  if (declared === undefined) return DEFAULT_CACHE_HINTS;
  const hints = {} as CacheHints;
  for (const [method, hint] of Object.entries(DEFAULT_CACHE_HINTS) as [keyof CacheHints, CacheHint][]) {
    hints[method] = {
      ttlMs: declared.ttlMs ?? hint.ttlMs,
      cacheScope: declared.cacheScope ?? hint.cacheScope,
    };
  }
  return hints;
}

/**
 * A factory of v2 SDK `Server`s (low-level, so tools advertise the raw JSON Schemas of their
 * actions) over the same compiled definition as the v1 factory. It serves the 2026-07-28 requests
 * `createMcpHandler` hands it (one instance per request) and whole stdio connections of either era
 * (`serveStdio`). The SDK adds `resultType`, the serverInfo `_meta` stamp and the cache fields.
 *
 * `current` is read on every request, so a hot reload reaches a stdio connection opened before it.
 */
export function createModernServerFactory(current: () => McpServerDefinition): ModernServerFactory {
  const cacheHints = new WeakMap<McpServerDefinition, CacheHints>();
  return () => {
    const definition = current();
    const { info, instructions, prompts: declared } = definition;
    let hints = cacheHints.get(definition);
    if (hints === undefined) {
      hints = cacheHintsOf(definition);
      cacheHints.set(definition, hints);
    }
    // Every list is answered, empty when the expose declares none: 2026-07-28 makes each list a
    // cacheable result a client may fetch without first reading the capabilities. A hot reload
    // (`--watch`, SIGHUP) can change each of them: `subscriptions/listen` streams hear it.
    const capabilities: ServerCapabilities = {
      tools: { listChanged: true },
      resources: { listChanged: true },
      prompts: { listChanged: true },
      logging: {},
      ...(declared.completes ? { completions: {} } : {}),
    };
    const server = new Server(info, {
      capabilities,
      cacheHints: hints,
      ...(instructions === undefined ? {} : { instructions }),
    });
    server.setRequestHandler(
      'tools/list',
      (_request, ctx) => current().listTools(ctx.http?.authInfo?.scopes) as never,
    );
    server.setRequestHandler('tools/call', async (request, ctx) => {
      const { progressToken } = request.params._meta ?? {};
      const traceparent = ctx.mcpReq._meta?.[TRACEPARENT_META_KEY];
      const result = await current().callTool(
        {
          name: request.params.name,
          ...(request.params.arguments === undefined ? {} : { arguments: request.params.arguments }),
          ...(progressToken === undefined ? {} : { progressToken }),
        },
        {
          signal: ctx.mcpReq.signal,
          sendNotification: (notification) => ctx.mcpReq.notify(notification as never),
          // The SDK filters by the request's `_meta` log level (2026) or `logging/setLevel` (2025).
          sendLog: (level, data) => {
            ctx.mcpReq.log(level, data, info.name).catch(() => undefined);
          },
          ...(typeof traceparent === 'string' ? { traceparent } : {}),
        },
      );
      return result as CallToolResult;
    });
    server.setRequestHandler(
      'resources/list',
      async () => ({ resources: await current().resources.list() }) as never,
    );
    server.setRequestHandler('resources/templates/list', () => ({
      resourceTemplates: current().resources.listTemplates() as never,
    }));
    server.setRequestHandler('resources/read', async (request, ctx) => {
      try {
        return (await current().resources.read(request.params.uri, ctx.mcpReq.signal)) as ReadResourceResult;
      } catch (error) {
        if (ctx.mcpReq.envelope !== undefined && (error as { code?: unknown }).code === RESOURCE_NOT_FOUND) {
          (error as { code: number }).code = INVALID_PARAMS;
        }
        throw error;
      }
    });
    server.setRequestHandler('prompts/list', () => ({ prompts: current().prompts.list() }) as never);
    server.setRequestHandler(
      'prompts/get',
      async (request) =>
        (await current().prompts.get(request.params.name, request.params.arguments)) as GetPromptResult,
    );
    if (declared.completes) {
      server.setRequestHandler('completion/complete', (request) => ({
        completion: completeRef(current().prompts, request.params.ref, request.params.argument) as never,
      }));
    }
    return server;
  };
}
