/**
 * The front door of the exposers that serve plain node:http (skill catalog, control plane):
 * the DNS-rebinding guard and inbound authentication run before any route, and a failing route
 * becomes a logged 500 instead of a hung socket or an unhandled rejection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../extension.js';
import type { InboundAuth } from '../inbound-auth.js';
import { isAllowedHost } from './is-allowed-host.js';
import { sendError } from './send-json.js';

export interface CreateGuardedHandlerOptions {
  /** The bound address: a loopback bind answers only requests addressed to a loopback name. */
  address: string;
  /** When set, every request must carry valid credentials. */
  auth?: InboundAuth;
  /** The server in answers to clients: `control plane` gives "... credentials for the control plane." */
  name: string;
  /** The server in log lines: `control`, `skill "catalog"`. */
  place: string;
  logger: Logger;
  /** Answers a request that passed the guards. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void> | void;
}

/** A node:http request listener: 403 for a foreign Host, 401 without credentials, else `handle`. */
export function createGuardedHandler(
  options: CreateGuardedHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { address, auth, name, place, logger, handle } = options;
  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!isAllowedHost(address, request.headers.host)) {
      sendError(response, 403, `Host "${request.headers.host ?? ''}" is not a loopback name; use localhost.`);
      return;
    }
    if (auth && !auth.verify(request)) {
      sendError(response, 401, `Missing or invalid credentials for the ${name}.`, {
        'www-authenticate': auth.challenge,
      });
      return;
    }
    await handle(request, response);
  };
  return (request, response) => {
    answer(request, response).catch((error: unknown) => {
      logger.error(`${place}: request failed`, { error, path: request.url });
      // Once headers are out, a 500 cannot be sent: cutting the connection tells the client.
      if (!response.headersSent) sendError(response, 500, `The ${name} failed; see the engine log.`);
      else response.destroy();
    });
  };
}
