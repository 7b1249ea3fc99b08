import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import {
  createGuardedHandler,
  createHttpServer,
  createInboundAuth,
  createReloadableAuth,
  type ExposerContext,
  type ExposerV1,
  type HttpListener,
  type HttpServerTimeouts,
  type ListenAddress,
  listenHttpServer,
  sendError,
  sendJson,
} from '@naftiko/core';
import type { ExposesControlSpec } from '@naftiko/spec';
import { buildControlStatus, buildReadiness } from './build-control-status.js';
import { createEngineMetrics, type EngineMetrics } from './create-engine-metrics.js';

export interface ControlExposerOptions extends HttpServerTimeouts {
  /**
   * The metrics to feed and serve. Default: a fresh `createEngineMetrics()` per engine start.
   * Pass your own to read the same numbers in-process (`metrics.registry`).
   */
  metrics?: EngineMetrics;
  /** Engine version reported by `/status`; default this package's version. */
  version?: string;
  /** Names answered besides the loopback names (`--allowed-host`), see core's `createHostGuard`. */
  allowedHosts?: readonly string[];
}

type Route = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

const DEFAULT_ADDRESS = '127.0.0.1';

/**
 * `type: control`: the management plane on its own port. `GET /health/live`, `/health/ready`
 * (503 until every expose listens), `/status` and `/metrics` (Prometheus text). Bound to
 * loopback by default; inbound `authentication` guards every route.
 */
export function createControlExposer(options: ControlExposerOptions = {}): ExposerV1 {
  const version = options.version ?? readOwnVersion();
  return {
    specificationVersion: 'v1',
    type: 'control',
    doCreate: ({ expose, context }) => {
      const spec = expose as ExposesControlSpec;
      const address = spec.address ?? DEFAULT_ADDRESS;
      const metrics = metricsEnabled(spec) ? (options.metrics ?? createEngineMetrics()) : undefined;
      const compile = (next: ExposesControlSpec, nextContext: ExposerContext) => {
        warnUnsupported(next, nextContext);
        return {
          auth: next.authentication
            ? createInboundAuth({
                authentication: next.authentication,
                compileTemplate: nextContext.compileTemplate,
                bindings: nextContext.bindings,
                place: 'control',
              })
            : undefined,
          routes: createRoutes({ spec: next, context: nextContext, version, metrics }),
        };
      };
      let compiled = compile(spec, context);
      const auth = createReloadableAuth(() => compiled.auth);
      let listener: HttpListener | undefined;
      let unsubscribe: (() => void) | undefined;

      const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
        const pathname = new URL(request.url ?? '/', 'http://control').pathname;
        const { routes } = compiled;
        const route = routes.get(pathname);
        if (!route) {
          sendError(
            response,
            404,
            `No route ${pathname}; this control plane serves ${[...routes.keys()].join(', ') || 'nothing (every endpoint is disabled)'}.`,
          );
          return;
        }
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          sendError(response, 405, `${pathname} answers GET and HEAD only.`, { allow: 'GET, HEAD' });
          return;
        }
        await route(request, response);
      };

      return {
        doStart: async (): Promise<ListenAddress[]> => {
          if (metrics) unsubscribe = context.observe(metrics.observer);
          // Health checks are tiny: a slow client must not hold a socket for long.
          const server = createHttpServer({
            headersTimeoutMs: options.headersTimeoutMs ?? 10_000,
            requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
            handler: createGuardedHandler({
              address,
              ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
              auth,
              name: 'control plane',
              place: 'control',
              logger: context.logger,
              handle,
            }),
          });
          try {
            listener = await listenHttpServer({
              server,
              address,
              port: spec.port,
              place: 'control',
              portKey: 'control',
              data: { type: 'control' },
            });
          } catch (error) {
            unsubscribe?.();
            throw error;
          }
          return [{ type: 'control', url: listener.url }];
        },
        // Metrics stay as they are (their counters span reloads); enabling them needs a restart.
        doReload: async ({ expose: next, context: nextContext }) => {
          const prepared = compile(next as ExposesControlSpec, nextContext);
          return {
            commit: () => {
              compiled = prepared;
            },
          };
        },
        doStop: async () => {
          unsubscribe?.();
          unsubscribe = undefined;
          const closing = listener;
          listener = undefined;
          await closing?.close();
        },
      };
    },
  };
}

interface CreateRoutesOptions {
  spec: ExposesControlSpec;
  context: ExposerContext;
  version: string;
  metrics: EngineMetrics | undefined;
}

function createRoutes({ spec, context, version, metrics }: CreateRoutesOptions): Map<string, Route> {
  const routes = new Map<string, Route>();
  const management = spec.management ?? {};
  if (management.health !== false) {
    routes.set('/health/live', (_request, response) => sendJson(response, 200, { status: 'UP' }));
    routes.set('/health/ready', (_request, response) => {
      const readiness = buildReadiness({ capability: context.capability, engine: context.status(), version });
      sendJson(response, readiness.status === 'UP' ? 200 : 503, readiness);
    });
  }
  // The reference engine serves /status only with `info: true`; naftiko serves it unless
  // `info: false`, because `naftiko status` depends on it and it carries no secret.
  if (management.info !== false) {
    routes.set('/status', async (_request, response) => {
      const status = buildControlStatus({
        capability: context.capability,
        engine: context.status(),
        version,
      });
      // A shared store that does not answer must not take the status page down with it.
      const resilience = await context.resilience().catch((error: unknown) => ({
        error: `the state store did not answer: ${error instanceof Error ? error.message : String(error)}`,
      }));
      sendJson(response, 200, { ...status, resilience });
    });
  }
  if (metrics) {
    routes.set('/metrics', async (request, response) => {
      const resilience = await context.resilience().catch(() => undefined);
      if (resilience !== undefined) metrics.setResilience(resilience);
      const text = await metrics.metrics();
      response.writeHead(200, {
        'content-type': metrics.contentType,
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
      });
      response.end(request.method === 'HEAD' ? undefined : text);
    });
  }
  return routes;
}

function metricsEnabled(spec: ExposesControlSpec): boolean {
  const observability = spec.observability;
  if (observability?.enabled === false) return false;
  return observability?.metrics?.local?.enabled !== false;
}

/** Declared management features naftiko does not implement are named, not silently dropped. */
function warnUnsupported(spec: ExposesControlSpec, context: ExposerContext): void {
  const management = spec.management ?? {};
  const unsupported: string[] = [];
  if (management.reload) unsupported.push('management.reload');
  if (management.validate) unsupported.push('management.validate');
  if (management.logs) unsupported.push('management.logs');
  if (management.scripting) unsupported.push('management.scripting');
  if (spec.observability?.traces) unsupported.push('observability.traces');
  if (spec.observability?.exporters) unsupported.push('observability.exporters');
  if (unsupported.length > 0) {
    context.logger.warn(
      `control: ${unsupported.join(', ')} ${unsupported.length === 1 ? 'is' : 'are'} not implemented by naftiko and ignored; health, status and metrics are served`,
      { unsupported },
    );
  }
}

function readOwnVersion(): string {
  try {
    // Through the package's own exports, so it resolves from `dist/` and from the CLI's bundle alike.
    const manifest = createRequire(import.meta.url)('@naftiko/exposer-control/package.json');
    const { version } = manifest as { version?: unknown };
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
