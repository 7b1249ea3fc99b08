/**
 * Inbound authentication shared by the exposers that serve plain node:http (skill catalog,
 * control plane); its request type is structural, so a fastify request fits too.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthenticationSpec } from '@naftiko/spec';
import type { BindingValues } from './binds/binding-values.js';
import { NaftikoError } from './errors.js';
import type { CompileTemplate } from './template.js';
import { createTemplateContext } from './template-context.js';

/** The part of a request authentication reads (a node:http IncomingMessage fits). */
export interface InboundRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly url?: string;
}

export interface CreateInboundAuthOptions {
  authentication: AuthenticationSpec;
  compileTemplate: CompileTemplate;
  bindings: BindingValues;
  /** `control`, `skill "ns"`: names the expose in start-time errors. */
  place: string;
}

export interface InboundAuth {
  /** The `WWW-Authenticate` value of a 401. */
  readonly challenge: string;
  /**
   * Where the client puts the credential (lower-case header name, or query parameter name):
   * a gateway strips it before forwarding anything, so the upstream never sees it.
   */
  readonly credential: { readonly in: 'header' | 'query'; readonly name: string };
  verify(request: InboundRequest): boolean;
}

const REALM = 'naftiko';

/**
 * Bearer, apikey (header or query) or basic. Secrets are rendered once from bindings when the
 * exposer starts (a missing one fails the start, naming it). Both sides are hashed before
 * `timingSafeEqual`, so equal-length buffers are compared and neither the content nor the
 * length of the secret leaks through timing.
 */
export function createInboundAuth(options: CreateInboundAuthOptions): InboundAuth {
  const { authentication, place } = options;
  const secret = (field: string, value: unknown): Buffer => {
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
    return digest(rendered);
  };

  switch (authentication.type) {
    case 'bearer': {
      const expected = secret('token', authentication.token);
      return {
        challenge: `Bearer realm="${REALM}"`,
        credential: { in: 'header', name: 'authorization' },
        verify: (request) => {
          const match = /^Bearer +(\S+) *$/i.exec(single(request.headers.authorization) ?? '');
          return safeEqual(match?.[1], expected);
        },
      };
    }
    case 'basic': {
      const username = authentication.username ?? '';
      const expected = secret(
        'username and password',
        username === '' ? '' : `${username}:${authentication.password ?? ''}`,
      );
      return {
        challenge: `Basic realm="${REALM}", charset="UTF-8"`,
        credential: { in: 'header', name: 'authorization' },
        verify: (request) => {
          const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(single(request.headers.authorization) ?? '');
          const decoded =
            match?.[1] === undefined ? undefined : Buffer.from(match[1], 'base64').toString('utf8');
          return safeEqual(decoded, expected);
        },
      };
    }
    case 'apikey': {
      const key =
        authentication.key === undefined || authentication.key === '' ? 'x-api-key' : authentication.key;
      const placement = authentication.placement ?? 'header';
      const expected = secret('value', authentication.value);
      const header = key.toLowerCase();
      return {
        challenge: `ApiKey realm="${REALM}", ${placement}="${key}"`,
        credential: placement === 'header' ? { in: 'header', name: header } : { in: 'query', name: key },
        verify: (request) => {
          if (placement === 'header') return safeEqual(single(request.headers[header]), expected);
          const url = new URL(request.url ?? '/', 'http://localhost');
          const values = url.searchParams.getAll(key);
          return safeEqual(values.length === 1 ? values[0] : undefined, expected);
        },
      };
    }
    default:
      throw new NaftikoError(
        'AUTH_UNSUPPORTED',
        `${place}: inbound ${authentication.type} authentication is not supported; use bearer, apikey or basic.`,
        { data: { place, type: authentication.type } },
      );
  }
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
