import type { Readable, Writable } from 'node:stream';
import {
  createHostGuard,
  createInboundAuth,
  createReloadableAuth,
  type ExposerContext,
  type ExposerV1,
  type HttpServerTimeouts,
  type InboundAuth,
  type ListenAddress,
  NaftikoError,
} from '@naftiko/core';
import type { ExposesMcpSpec } from '@naftiko/spec';
import { compilePrompts } from './compile-prompts.js';
import { compileResources } from './compile-resources.js';
import { compileTools } from './compile-tools.js';
import { createCallTracker } from './create-call-tracker.js';
import type { McpServerDefinition, McpServerFactory } from './create-mcp-server.js';
import { createScopedToolList } from './create-scoped-tool-list.js';
import { createToolCaller, type ToolCallSettings } from './create-tool-caller.js';
import { loadSdkTypes } from './sdk-types.js';
import type { McpHttpListener } from './start-mcp-http-listener.js';
import type { McpStdioListener } from './start-mcp-stdio-listener.js';
import type { JsonFormat } from './to-tool-result.js';

export interface McpExposerOptions extends HttpServerTimeouts {
  /** Serve every MCP expose over stdio, whatever its `transport` (how desktop hosts launch servers). */
  stdio?: boolean;
  /** No sessions: any replica can answer any request (horizontal scale). Default false. */
  stateless?: boolean;
  /** Extra accepted Host names (`name` or `name:port`), beside the loopback names (`--allowed-host`). */
  allowedHosts?: string[];
  /** Extra accepted Origin values (`https://app.example.com`). */
  allowedOrigins?: string[];
  /** Largest request body, in bytes; larger gets 413. Default 4 MiB. */
  maxBodyBytes?: number;
  /**
   * Most concurrent sessions per expose (`--max-sessions`). Default 1000. At the cap a new client
   * closes the least recently used idle session; only when every session has a call in flight
   * does it get 503.
   */
  maxSessions?: number;
  /** Sessions idle this long are closed, in ms (`--session-idle`). Default 30 minutes. */
  sessionIdleMs?: number;
  /**
   * Take a new session's id from this request header (`--session-id-header`), set by a proxy
   * that routes on `Mcp-Session-Id` (deploy/README.md). Off by default.
   */
  sessionIdHeader?: string;
  /** A streaming tool returns after this many events. Default 1000. */
  maxStreamEvents?: number;
  /**
   * A streaming tool returns before the data of its collected events passes this many bytes
   * (characters); the result then says `endedBy: 'max-bytes', truncated: true`. Default 10 MiB.
   */
  maxStreamBytes?: number;
  /**
   * Most requests one session (or one stateless POST, batches included) may have in flight; more
   * are answered at once with a busy error (-32000, `data.retryAfter`). Default 16.
   */
  maxSessionCalls?: number;
  /** A streaming tool returns after this long, in ms. Default 30 s (below clients' usual 60 s timeout). */
  maxStreamDurationMs?: number;
  /** JSON in tool text content: 'pretty' (default) or 'compact'. */
  jsonFormat?: JsonFormat;
  /** On stop, in-flight calls get this long to finish before they are aborted, in ms. Default 10 s. */
  shutdownGraceMs?: number;
  /** Largest static resource or prompt file, in bytes. Default 10 MiB. */
  maxFileBytes?: number;
  /** Streams of the stdio transport; default the process's. */
  stdin?: Readable;
  stdout?: Writable;
  /** Called when the stdio peer closes stdin: the embedding process should stop. */
  onStdioEnd?: () => void;
}

const DEFAULT_ADDRESS = '127.0.0.1';

/** The three lists as a session sees them, to tell which ones a reload changed. */
async function listings(definition: McpServerDefinition) {
  const resources = await definition.resources.list().catch(() => []);
  return {
    tools: JSON.stringify([...definition.tools.values()].map((tool) => tool.definition)),
    resources: JSON.stringify([resources, definition.resources.listTemplates()]),
    prompts: JSON.stringify(definition.prompts.list()),
  };
}

/**
 * The `mcp` exposer: each expose becomes an MCP server over Streamable HTTP (`/mcp` on its
 * address and port) or stdio, with its tools, resources and prompts compiled once at create.
 */
export function createMcpExposer(options: McpExposerOptions = {}): ExposerV1 {
  const {
    stateless = false,
    maxBodyBytes = 4 * 1024 * 1024,
    maxSessions = 1000,
    sessionIdleMs = 30 * 60_000,
    shutdownGraceMs = 10_000,
    maxFileBytes = 10 * 1024 * 1024,
    maxSessionCalls = 16,
  } = options;
  const settings: ToolCallSettings = {
    jsonFormat: options.jsonFormat ?? 'pretty',
    maxStreamEvents: options.maxStreamEvents ?? 1000,
    maxStreamBytes: options.maxStreamBytes ?? 10 * 1024 * 1024,
    maxStreamDurationMs: options.maxStreamDurationMs ?? 30_000,
  };
  // stdin/stdout can carry one protocol session only.
  let stdioOwner: string | undefined;

  return {
    specificationVersion: 'v1',
    type: 'mcp',
    doCreate: ({ expose: entry, context }) => {
      const expose = entry as ExposesMcpSpec;
      const { namespace } = expose;
      const { logger } = context;
      const useStdio = options.stdio === true || expose.transport === 'stdio';
      const tracker = createCallTracker();
      const compile = (next: ExposesMcpSpec, nextContext: ExposerContext) => {
        const limiter = nextContext.inboundLimiter(next);
        const tools = compileTools({ expose: next, context: nextContext });
        const { capability } = nextContext;
        const definition: McpServerDefinition = {
          info: {
            name: namespace,
            ...(capability.document.info?.label === undefined
              ? {}
              : { title: capability.document.info.label }),
            version: capability.document.info?.modified ?? capability.document.info?.created ?? '0.0.0',
          },
          ...(next.description === undefined ? {} : { instructions: next.description }),
          tools,
          // Capability order, the same on every replica and request; per set of granted scopes.
          listTools: createScopedToolList(tools, {
            tools: [...tools.values()].map((tool) => tool.definition),
          }),
          callTool: createToolCaller({
            namespace,
            tools,
            settings,
            tracker,
            logger: nextContext.logger,
            limiter,
          }),
          resources: compileResources({
            expose: next,
            context: nextContext,
            settings,
            maxFileBytes,
            maxFiles: 1000,
          }),
          prompts: compilePrompts({ expose: next, context: nextContext, maxFileBytes }),
          listChanged: !stateless || useStdio,
          ...(next.ttlMs === undefined && next.cacheScope === undefined
            ? {}
            : {
                cache: {
                  ...(next.ttlMs === undefined ? {} : { ttlMs: next.ttlMs }),
                  ...(next.cacheScope === undefined ? {} : { cacheScope: next.cacheScope }),
                },
              }),
        };
        const inbound =
          next.authentication !== undefined && !useStdio
            ? createInboundAuth({
                authentication: next.authentication,
                compileTemplate: nextContext.compileTemplate,
                bindings: nextContext.bindings,
                place: `mcp "${namespace}"`,
              })
            : undefined;
        return { definition, inbound };
      };
      let compiled = compile(expose, context);
      const { tools } = compiled.definition;
      // The listener asks through this, so a reload can change credentials (or add or drop them).
      const auth: InboundAuth | undefined = useStdio
        ? undefined
        : createReloadableAuth(() => compiled.inbound);
      let factory: McpServerFactory | undefined;

      let http: McpHttpListener | undefined;
      let stdio: McpStdioListener | undefined;
      return {
        doStart: async (): Promise<ListenAddress[]> => {
          // The SDK is loaded only to serve: creating (all a dry run does) compiles without it.
          await loadSdkTypes();
          const { createMcpServerFactory } = await import('./create-mcp-server.js');
          const createServer = createMcpServerFactory(compiled.definition);
          factory = createServer;
          if (useStdio) {
            if (stdioOwner !== undefined && stdioOwner !== namespace) {
              throw new NaftikoError(
                'LISTEN_FAILED',
                `mcp expose "${namespace}" cannot use stdio: mcp expose "${stdioOwner}" already does, and stdin/stdout carry one server. Run one of them over HTTP.`,
                { data: { type: 'mcp', namespace } },
              );
            }
            stdioOwner = namespace;
            if (expose.authentication !== undefined) {
              logger.warn('mcp authentication does not apply over stdio: the parent process owns the pipe', {
                expose: namespace,
              });
            }
            const { startMcpStdioListener } = await import('./start-mcp-stdio-listener.js');
            const { createModernServerFactory } = await import('./create-modern-server-factory.js');
            stdio = await startMcpStdioListener({
              createServer: createModernServerFactory(() => compiled.definition),
              stdin: options.stdin ?? process.stdin,
              stdout: options.stdout ?? process.stdout,
              ...(options.onStdioEnd === undefined ? {} : { onEnd: options.onStdioEnd }),
            });
            logger.info('mcp serving on stdio', { expose: namespace, tools: tools.size });
            return [{ type: 'mcp', namespace, url: 'stdio:' }];
          }
          if (expose.port === undefined) {
            throw new NaftikoError(
              'LISTEN_FAILED',
              `mcp expose "${namespace}" has transport http but no port; set \`port\` (or use transport: stdio).`,
              { data: { type: 'mcp', namespace } },
            );
          }
          const address = expose.address ?? DEFAULT_ADDRESS;
          const hostGuard = createHostGuard({
            address,
            ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
            ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
          });
          const { startMcpHttpListener } = await import('./start-mcp-http-listener.js');
          http = await startMcpHttpListener({
            namespace,
            address,
            port: expose.port,
            createServer,
            createModernHandler: async () => {
              const { createModernServerFactory } = await import('./create-modern-server-factory.js');
              const { createModernHttpHandler } = await import('./create-modern-http-handler.js');
              return createModernHttpHandler({
                createServer: createModernServerFactory(() => compiled.definition),
                maxSubscriptions: maxSessions,
                onerror: (error) =>
                  logger.debug('mcp 2026-07-28 request refused', { expose: namespace, error }),
              });
            },
            stateless,
            hostGuard,
            ...(options.headersTimeoutMs === undefined ? {} : { headersTimeoutMs: options.headersTimeoutMs }),
            ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
            ...(auth === undefined
              ? {}
              : { auth, toolScopes: (name: string) => compiled.definition.tools.get(name)?.scopes }),
            maxBodyBytes,
            maxSessions,
            sessionIdleMs,
            maxSessionCalls,
            ...(options.sessionIdHeader === undefined
              ? {}
              : { sessionIdHeader: options.sessionIdHeader.toLowerCase() }),
            logger,
          });
          logger.info('mcp listening', { expose: namespace, url: http.url, stateless, tools: tools.size });
          return [{ type: 'mcp', namespace, url: http.url }];
        },
        // Hot reload: compiled before anything changes; the commit swaps the definition every
        // session reads and tells live sessions which lists changed.
        doReload: async ({ expose: nextEntry, context: nextContext }) => {
          const next = compile(nextEntry as ExposesMcpSpec, nextContext);
          const [before, after] = await Promise.all([
            listings(compiled.definition),
            listings(next.definition),
          ]);
          return {
            commit: () => {
              compiled = next;
              const changed = {
                tools: before.tools !== after.tools,
                resources: before.resources !== after.resources,
                prompts: before.prompts !== after.prompts,
              };
              factory?.replaceDefinition(next.definition, changed);
              // 2026-07-28 clients hear it on their `subscriptions/listen` streams.
              for (const kind of ['tools', 'resources', 'prompts'] as const) {
                if (changed[kind]) http?.notifyListChanged(kind);
              }
              nextContext.logger.info('mcp reloaded', {
                expose: namespace,
                tools: next.definition.tools.size,
              });
            },
          };
        },
        doStop: async () => {
          http?.stopAccepting();
          await tracker.drain(shutdownGraceMs);
          await http?.close();
          await stdio?.close();
          if (stdioOwner === namespace) stdioOwner = undefined;
          http = undefined;
          stdio = undefined;
        },
      };
    },
  };
}
