import type { AddressInfo } from 'node:net';
import {
  createRequestTracker,
  type ExposerContext,
  type ExposerInstance,
  type ExposerV1,
  formatUrlHost,
  type HttpServerTimeouts,
  type ListenAddress,
  NaftikoError,
} from '@naftiko/core';
import type { ExposesRestSpec } from '@naftiko/spec';
import type { FastifyInstance } from 'fastify';
import { buildRestApp } from './build-rest-app.js';

/** Options of {@link createRestExposer}; they apply to every rest expose it serves. */
export interface RestExposerOptions extends HttpServerTimeouts {
  /** Largest accepted request body in bytes; default 1 MiB. */
  bodyLimit?: number;
  /** Interval of SSE heartbeat comments in ms; default 15 000, 0 disables them. */
  heartbeatMs?: number;
  /** Names answered besides the loopback names (`--allowed-host`), see core's `createHostGuard`. */
  allowedHosts?: readonly string[];
  /** On stop, requests in flight get this long to finish before their connections are cut, in ms. Default 10 s. */
  shutdownGraceMs?: number;
}

const DEFAULT_ADDRESS = '127.0.0.1';

/**
 * The REST exposer (`type: rest`): each expose becomes a fastify server on its own `address`
 * (loopback unless the capability says otherwise) and `port`. The app is built in `doCreate`,
 * after the engine's consumers exist, so a bad expose fails the start with a NaftikoError.
 */
export function createRestExposer(options: RestExposerOptions = {}): ExposerV1 {
  const { bodyLimit, heartbeatMs, allowedHosts, shutdownGraceMs = 10_000 } = options;
  return {
    specificationVersion: 'v1',
    type: 'rest',
    doCreate({ expose, context }): ExposerInstance {
      const rest = expose as ExposesRestSpec;
      // Built here, not in doStart: a dry run (validate) creates exposers without starting them
      // and must meet every error a start would. A start after a stop builds afresh: a drained
      // tracker refuses every request.
      let tracker = createRequestTracker();
      const build = (spec: ExposesRestSpec = rest, appContext: ExposerContext = context): FastifyInstance =>
        buildRestApp({
          expose: spec,
          context: appContext,
          address: rest.address ?? DEFAULT_ADDRESS,
          tracker,
          ...(allowedHosts === undefined ? {} : { allowedHosts }),
          ...(bodyLimit === undefined ? {} : { bodyLimit }),
          ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
          ...(options.headersTimeoutMs === undefined ? {} : { headersTimeoutMs: options.headersTimeoutMs }),
          ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
        });
      let app: FastifyInstance | undefined = build();
      // After a hot reload: the app whose routes answer on `app`'s listening server.
      let routing: FastifyInstance | undefined;
      return {
        async doStart(): Promise<ListenAddress[]> {
          if (app === undefined) {
            tracker = createRequestTracker();
            app = build();
          }
          const host = rest.address ?? DEFAULT_ADDRESS;
          try {
            await app.listen({ host, port: rest.port });
          } catch (error) {
            await app.close().catch(() => {});
            app = undefined;
            throw new NaftikoError(
              'LISTEN_FAILED',
              `rest "${rest.namespace}" cannot listen on ${host}:${rest.port}: ${(error as Error).message}`,
              {
                cause: error,
                data: {
                  type: 'rest',
                  namespace: rest.namespace,
                  reason: (error as NodeJS.ErrnoException).code,
                },
              },
            );
          }
          const { port } = app.server.address() as AddressInfo;
          const url = `http://${formatUrlHost(host)}:${port}`;
          context.logger.info(`rest "${rest.namespace}" listening on ${url}`, {
            openapi: `${url}/openapi.json`,
          });
          return [{ type: 'rest', namespace: rest.namespace, url }];
        },
        // Hot reload: a new app (routes, auth, forwards) built and made ready beside the running
        // one, sharing its request tracker; the commit points the listening server's request
        // event at it, so requests already inside the previous app finish there.
        async doReload({ expose: next, context: nextContext }) {
          const prepared = build(next as ExposesRestSpec, nextContext);
          await prepared.ready();
          return {
            commit: () => {
              const server = app?.server;
              if (server === undefined) return;
              const handler = prepared.server.listeners('request')[0] as (...args: unknown[]) => void;
              server.removeAllListeners('request');
              server.on('request', handler);
              const superseded = routing;
              routing = prepared;
              void superseded?.close().catch(() => undefined);
            },
            discard: () => prepared.close(),
          };
        },
        async doStop(): Promise<void> {
          const running = app;
          app = undefined;
          const reloaded = routing;
          routing = undefined;
          await reloaded?.close().catch(() => undefined);
          if (!running) return;
          // As MCP does: no new connections, requests in flight (calls, forwards, event streams)
          // finish within the grace, then whatever is left is cut.
          const inFlight = tracker.inFlight;
          const finished = await tracker.drain(running.server, shutdownGraceMs);
          if (!finished) {
            context.logger.warn(
              `rest "${rest.namespace}": requests still running after the grace period were cut`,
              {
                graceMs: shutdownGraceMs,
              },
            );
          } else if (inFlight > 0) {
            context.logger.info(`rest "${rest.namespace}": in-flight requests finished before stopping`, {
              requests: inFlight,
            });
          }
          await running.close();
        },
      };
    },
  };
}
