/**
 * The front door of the exposers that serve plain node:http (skill catalog, control plane):
 * the same-origin guard and inbound authentication run before any route, and a failing route
 * becomes a logged 500 instead of a hung socket or an unhandled rejection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../extension.js';
import type { InboundAuth } from '../inbound-verdict.js';
import { createHostGuard } from './create-host-guard.js';
import { sendError } from './send-json.js';
import { serveWellKnown } from './serve-well-known.js';

export interface CreateGuardedHandlerOptions {
  /** The bound address; with `allowedHosts` it decides which `Host` names are answered. */
  address: string;
  /** Extra names this server answers to (`--allowed-host`), see `createHostGuard`. */
  allowedHosts?: readonly string[];
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

/**
 * A node:http request listener: 400/403 for a missing, repeated or foreign Host or a foreign
 * Origin, the authentication's well-known documents, 401 without credentials (503 when an OAuth
 * issuer cannot be reached), else `handle`.
 */
export function createGuardedHandler(
  options: CreateGuardedHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const { address, allowedHosts, auth, name, place, logger, handle } = options;
  const guard = createHostGuard({ address, ...(allowedHosts === undefined ? {} : { allowedHosts }) });
  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const refusal = guard.check(request);
    if (refusal !== undefined) {
      sendError(response, refusal.status, refusal.message);
      return;
    }
    if (auth) {
      if (serveWellKnown(auth, request, response)) return;
      const verdict = await auth.authenticate(request);
      if (!verdict.ok) {
        const what =
          verdict.status === 401
            ? `Missing or invalid credentials for the ${name}`
            : `The ${name} cannot check credentials now`;
        sendError(
          response,
          verdict.status,
          `${what}${verdict.detail === undefined ? '' : `: ${verdict.detail}`}.`,
          {
            'www-authenticate': verdict.challenge,
          },
        );
        return;
      }
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
