import type { Dispatcher } from 'undici';
import request from 'undici/lib/api/api-request.js';
import BarePool from 'undici/lib/dispatcher/pool.js';

/** The keep-alive connection pool of one consumes namespace, as the consumer uses it. */
export interface UpstreamPool {
  /** undici's `Dispatcher.request`: callback form on the call path, promise form for forwarding. */
  request(
    options: Dispatcher.RequestOptions,
    callback: (error: Error | null, data: Dispatcher.ResponseData) => void,
  ): void;
  request(options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
  /** undici's `Dispatcher.dispatch`: the handler gets the answer as it arrives (forwarding). */
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

export interface CreatePoolOptions {
  /** scheme://host[:port] */
  origin: string;
  connections: number;
  keepAliveTimeoutMs: number;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
}

/**
 * An undici Pool loaded from its own file rather than undici's index: the index requires all of
 * undici at import (fetch, WebSocket, EventSource, cache stores, mock agents) and its web classes
 * reach for node's bundled undici through `globalThis.Headers`, several times the load of Pool +
 * request alone (figures: bench/stand-ins.mjs, the README's "Start cost"). The connection handling and request path are undici's
 * own code either way; `request` is the function undici's index mixes into Dispatcher.prototype,
 * bound here instead of patching a prototype shared with other undici users in the process.
 */
export function createPool(options: CreatePoolOptions): UpstreamPool {
  const { origin, connections, keepAliveTimeoutMs, connectTimeoutMs, headersTimeoutMs } = options;
  const pool = new BarePool(origin, {
    connections,
    keepAliveTimeout: keepAliveTimeoutMs,
    connect: { timeout: connectTimeoutMs },
    headersTimeout: headersTimeoutMs,
  });
  return {
    request: request.bind(pool) as UpstreamPool['request'],
    dispatch: (dispatchOptions, handler) => pool.dispatch(dispatchOptions, handler),
    close: () => pool.close(),
    destroy: () => pool.destroy(),
  };
}
