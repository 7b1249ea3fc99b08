/**
 * Inbound authentication shared by every HTTP expose (MCP, REST, skill catalog, control plane);
 * its request type is structural, so a fastify request fits too.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthenticationSpec } from '@naftiko/spec';
import type { BindingValues } from './binds/binding-values.js';
import { NaftikoError } from './errors.js';
import type { InboundAuth, InboundPrincipal, InboundRequest, InboundVerdict } from './inbound-verdict.js';
import { createResourceServer } from './oauth/create-resource-server.js';
import type { CompileTemplate } from './template.js';

export type { InboundAuth, InboundPrincipal, InboundRequest, InboundVerdict } from './inbound-verdict.js';

import { createTemplateContext } from './template-context.js';

export interface CreateInboundAuthOptions {
  authentication: AuthenticationSpec;
  compileTemplate: CompileTemplate;
  bindings: BindingValues;
  /** `control`, `skill "ns"`: names the expose in start-time errors. */
  place: string;
}

/** The principal of a static credential: it may call everything. */
const STATIC_PRINCIPAL: InboundPrincipal = {};

const REALM = 'naftiko';

/**
 * Bearer, apikey (header or query), basic, or an OAuth 2.1 resource server (oauth2). Secrets are rendered once from bindings when the
 * exposer starts (a missing one fails the start, naming it). Both sides are hashed before
 * `timingSafeEqual`, so equal-length buffers are compared and neither the content nor the
 * length of the secret leaks through timing.
 */
export function createInboundAuth(options: CreateInboundAuthOptions): InboundAuth {
  const { authentication, place } = options;
  const render = (field: string, value: unknown): string => {
    if (typeof value !== 'string' || value === '') {
      throw new NaftikoError(
        'AUTH_UNSUPPORTED',
        `${place} authentication: \`${field}\` is required for ${authentication.type} authentication; set it, usually to a bound variable such as '{{CONTROL_TOKEN}}'.`,
        { data: { place } },
      );
    }
    const template = options.compileTemplate(value, { place: `${place} authentication.${field}` });
    const rendered = template.render(createTemplateContext({ bindings: options.bindings }), { strict: true });
    if (rendered === '') {
      throw new NaftikoError(
        'AUTH_UNSUPPORTED',
        `${place} authentication: \`${field}\` renders empty; bind a non-empty value.`,
        { data: { place } },
      );
    }
    return rendered;
  };
  const secret = (field: string, value: unknown): Buffer => digest(render(field, value));

  switch (authentication.type) {
    case 'bearer': {
      const expected = secret('token', authentication.token);
      return staticAuth(`Bearer realm="${REALM}"`, { in: 'header', name: 'authorization' }, (request) => {
        const match = /^Bearer +(\S+) *$/i.exec(single(request.headers.authorization) ?? '');
        return safeEqual(match?.[1], expected);
      });
    }
    case 'basic': {
      const username = authentication.username ?? '';
      const expected = secret(
        'username and password',
        username === '' ? '' : `${username}:${authentication.password ?? ''}`,
      );
      return staticAuth(
        `Basic realm="${REALM}", charset="UTF-8"`,
        { in: 'header', name: 'authorization' },
        (request) => {
          const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(single(request.headers.authorization) ?? '');
          const decoded =
            match?.[1] === undefined ? undefined : Buffer.from(match[1], 'base64').toString('utf8');
          return safeEqual(decoded, expected);
        },
      );
    }
    case 'apikey': {
      const key =
        authentication.key === undefined || authentication.key === '' ? 'x-api-key' : authentication.key;
      const placement = authentication.placement ?? 'header';
      const expected = secret('value', authentication.value);
      const header = key.toLowerCase();
      return staticAuth(
        `ApiKey realm="${REALM}", ${placement}="${key}"`,
        placement === 'header' ? { in: 'header', name: header } : { in: 'query', name: key },
        (request) => {
          if (placement === 'header') return safeEqual(single(request.headers[header]), expected);
          const url = new URL(request.url ?? '/', 'http://localhost');
          const values = url.searchParams.getAll(key);
          return safeEqual(values.length === 1 ? values[0] : undefined, expected);
        },
      );
    }
    case 'oauth2': {
      const { clientId, clientSecret, privateKey, clientAuthentication } = authentication;
      try {
        return createResourceServer({
          authentication,
          place,
          ...(clientId === undefined
            ? {}
            : {
                client: {
                  clientId: render('clientId', clientId),
                  ...(clientSecret === undefined
                    ? {}
                    : { clientSecret: render('clientSecret', clientSecret) }),
                  ...(privateKey === undefined ? {} : { privateKey: render('privateKey', privateKey) }),
                  ...(clientAuthentication === undefined ? {} : { method: clientAuthentication }),
                },
              }),
        });
      } catch (error) {
        if (error instanceof NaftikoError) throw error;
        throw new NaftikoError('AUTH_UNSUPPORTED', `${place} authentication: ${(error as Error).message}.`, {
          data: { place },
        });
      }
    }
    default:
      throw new NaftikoError(
        'AUTH_UNSUPPORTED',
        `${place}: inbound ${authentication.type} authentication is not supported; use bearer, apikey, basic or oauth2.`,
        { data: { place, type: authentication.type } },
      );
  }
}

/** A static credential: one comparison, answered synchronously with shared verdicts. */
function staticAuth(
  challenge: string,
  credential: InboundAuth['credential'],
  verify: (request: InboundRequest) => boolean,
): InboundAuth {
  const accepted: InboundVerdict = { ok: true, principal: STATIC_PRINCIPAL };
  const refused: InboundVerdict = {
    ok: false,
    status: 401,
    challenge,
  };
  return { challenge, credential, authenticate: (request) => (verify(request) ? accepted : refused) };
}

/** A repeated header is ambiguous, so it never authenticates. */
function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function safeEqual(candidate: string | undefined, expected: Buffer): boolean {
  // Hash even a missing credential, so absent and wrong take the same time.
  const equal = timingSafeEqual(digest(candidate ?? ''), expected);
  return equal && candidate !== undefined;
}

/**
 * An InboundAuth that asks `current()` on every request, so a hot reload can change credentials,
 * or add or drop them, on a running listener. Without a current one every request passes.
 */
export function createReloadableAuth(current: () => InboundAuth | undefined): InboundAuth {
  const open: InboundVerdict = { ok: true, principal: {} };
  return {
    get challenge() {
      return current()?.challenge ?? '';
    },
    get credential() {
      return current()?.credential ?? { in: 'header', name: 'authorization' };
    },
    authenticate: (request) => current()?.authenticate(request) ?? open,
    get wellKnown() {
      return current()?.wellKnown;
    },
    // Only an OAuth authentication challenges for scopes: the current one says whether it does.
    get insufficientScope() {
      return current()?.insufficientScope;
    },
  };
}
