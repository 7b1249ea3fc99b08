/**
 * Start and stop of the exposers that serve plain node:http (skill catalog, control plane): one
 * place turns a refused listen into a LISTEN_FAILED that names the fix, and makes stop() prompt.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NaftikoError } from '../errors.js';
import { formatUrlHost } from './format-url-host.js';

export interface ListenHttpServerOptions {
  /** The server to start, its handler and timeouts set; not yet listening. */
  server: Server;
  address: string;
  /** 0 picks a free port; the listener reports the bound one. */
  port: number;
  /** Names the listener in errors: `control`, `skill "catalog"`. */
  place: string;
  /** The key of `--port <key>=N` (engine `overrides.port`) that moves this listener. */
  portKey: string;
  /** The `data` of a LISTEN_FAILED error, at least `{ type }` and the expose's `namespace`. */
  data: Record<string, unknown>;
}

export interface HttpListener {
  /** `http://127.0.0.1:9091` (IPv6 addresses bracketed), with the bound port, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting and ends every open connection, idle keep-alive sockets and unfinished
   * responses alike: an engine stop must not wait on its clients. Idempotent.
   */
  close(): Promise<void>;
}

/** Listens on `address:port`; a refusal (port in use, no permission, foreign address) is a LISTEN_FAILED. */
export async function listenHttpServer(options: ListenHttpServerOptions): Promise<HttpListener> {
  const { server, address, port } = options;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, address, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw listenFailed(options, error);
  }
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: formatHttpUrl(address, bound),
    port: bound,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listenFailed(options: ListenHttpServerOptions, error: unknown): NaftikoError {
  const { address, port, place, portKey, data } = options;
  const pickPort = `pick another port (--port ${portKey}=N)`;
  let detail = String(error);
  let fix = pickPort;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      detail = 'the port is in use';
      break;
    case 'EACCES':
      // Ports below 1024 need privileges on most systems.
      detail = 'permission denied';
      fix = `pick a port above 1023 (--port ${portKey}=N)`;
      break;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      detail = 'the address is not one of this machine';
      fix = 'set `address` to 127.0.0.1 or an address of this host';
      break;
  }
  return new NaftikoError(
    'LISTEN_FAILED',
    `${place} could not listen on ${address}:${port}: ${detail}; ${fix}.`,
    {
      cause: error,
      data,
    },
  );
}

function formatHttpUrl(address: string, port: number): string {
  return `http://${formatUrlHost(address)}:${port}`;
}
