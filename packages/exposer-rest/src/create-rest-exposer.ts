import type { AddressInfo } from 'node:net';
import { type ExposerInstance, type ExposerV1, type ListenAddress, NaftikoError } from '@naftiko/core';
import type { ExposesRestSpec } from '@naftiko/spec';
import type { FastifyInstance } from 'fastify';
import { buildRestApp } from './build-rest-app.js';

/** Options of {@link createRestExposer}; they apply to every rest expose it serves. */
export interface RestExposerOptions {
  /** Largest accepted request body in bytes; default 1 MiB. */
  bodyLimit?: number;
  /** Interval of SSE heartbeat comments in ms; default 15 000, 0 disables them. */
  heartbeatMs?: number;
}

const DEFAULT_ADDRESS = '127.0.0.1';

/**
 * The REST exposer (`type: rest`): each expose becomes a fastify server on its own `address`
 * (loopback unless the capability says otherwise) and `port`. The app is built in `doCreate`,
 * after the engine's consumers exist, so a bad expose fails the start with a NaftikoError.
 */
export function createRestExposer({ bodyLimit, heartbeatMs }: RestExposerOptions = {}): ExposerV1 {
  return {
    specificationVersion: 'v1',
    type: 'rest',
    doCreate({ expose, context }): ExposerInstance {
      const rest = expose as ExposesRestSpec;
      // Built here, not in doStart: a dry run (validate) creates exposers without starting them
      // and must meet every error a start would.
      let app: FastifyInstance | undefined = buildRestApp({
        expose: rest,
        context,
        ...(bodyLimit === undefined ? {} : { bodyLimit }),
        ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
      });
      return {
        async doStart(): Promise<ListenAddress[]> {
          if (app === undefined)
            throw new NaftikoError('LISTEN_FAILED', `rest "${rest.namespace}" was stopped`);
          const host = rest.address ?? DEFAULT_ADDRESS;
          try {
            await app.listen({ host, port: rest.port });
          } catch (error) {
            await app.close().catch(() => {});
            app = undefined;
            throw new NaftikoError(
              'LISTEN_FAILED',
              `rest "${rest.namespace}" cannot listen on ${host}:${rest.port}: ${(error as Error).message}`,
              { cause: error, data: { type: 'rest', namespace: rest.namespace } },
            );
          }
          const { port } = app.server.address() as AddressInfo;
          const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
          context.logger.info(`rest "${rest.namespace}" listening on ${url}`, {
            openapi: `${url}/openapi.json`,
          });
          return [{ type: 'rest', namespace: rest.namespace, url }];
        },
        async doStop(): Promise<void> {
          const running = app;
          app = undefined;
          await running?.close();
        },
      };
    },
  };
}
