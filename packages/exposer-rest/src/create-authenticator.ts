import { createHash, timingSafeEqual } from 'node:crypto';
import { type BindingValues, type CompileTemplate, createTemplateContext, NaftikoError } from '@naftiko/core';
import type { AuthenticationSpec } from '@naftiko/spec';
import type { FastifyRequest } from 'fastify';
import { parseQueryString } from './parse-query-string.js';

/** Options of {@link createAuthenticator}. */
export interface CreateAuthenticatorOptions {
  authentication: AuthenticationSpec;
  compileTemplate: CompileTemplate;
  bindings: BindingValues;
  /** `rest "ns"`, for load-time errors. */
  place: string;
}

/** Checks one request; `challenge` is the `WWW-Authenticate` value of a 401. */
export interface Authenticator {
  readonly challenge: string;
  verify(request: FastifyRequest): boolean;
}

const REALM = 'naftiko';

/**
 * Inbound authentication of a REST expose: basic, bearer or apikey, with secrets rendered once
 * from bindings at start (a missing one fails the start, naming it). Comparisons hash both
 * sides first and use `timingSafeEqual`, so neither the content nor the length of a secret
 * leaks through response timing.
 */
export function createAuthenticator(options: CreateAuthenticatorOptions): Authenticator {
  const { authentication, place } = options;
  const secret = (field: string, value: unknown): Buffer => {
    if (typeof value !== 'string' || value === '') {
      throw new NaftikoError(
        'AUTH_UNSUPPORTED',
        `${place} authentication: \`${field}\` is required for ${authentication.type} authentication; set it, usually to a bound variable such as '{{API_TOKEN}}'`,
      );
    }
    const template = options.compileTemplate(value, { place: `${place} authentication.${field}` });
    const rendered = template.render(createTemplateContext({ bindings: options.bindings }), { strict: true });
    if (rendered === '') {
      throw new NaftikoError(
        'AUTH_UNSUPPORTED',
        `${place} authentication: \`${field}\` renders empty; bind a non-empty value`,
      );
    }
    return digest(rendered);
  };

  switch (authentication.type) {
    case 'bearer': {
      const expected = secret('token', authentication.token);
      return {
        challenge: `Bearer realm="${REALM}"`,
        verify: (request) => {
          const header = request.headers.authorization;
          const match = header ? /^Bearer +(.+)$/i.exec(header) : null;
          return safeEqual(match?.[1]?.trim(), expected);
        },
      };
    }
    case 'basic': {
      const username = typeof authentication.username === 'string' ? authentication.username : '';
      const expected = secret(
        'username and password',
        username === '' ? '' : `${username}:${authentication.password ?? ''}`,
      );
      return {
        challenge: `Basic realm="${REALM}", charset="UTF-8"`,
        verify: (request) => {
          const header = request.headers.authorization;
          const match = header ? /^Basic +([A-Za-z0-9+/=]+)$/i.exec(header.trim()) : null;
          return (
            match?.[1] !== undefined && safeEqual(Buffer.from(match[1], 'base64').toString('utf8'), expected)
          );
        },
      };
    }
    case 'apikey': {
      const key =
        typeof authentication.key === 'string' && authentication.key !== ''
          ? authentication.key
          : 'x-api-key';
      const placement = authentication.placement ?? 'header';
      const expected = secret('value', authentication.value);
      const lower = key.toLowerCase();
      return {
        challenge: `ApiKey realm="${REALM}", ${placement}="${key}"`,
        verify: (request) => {
          if (placement === 'header') {
            const value = request.headers[lower];
            return safeEqual(Array.isArray(value) ? undefined : value, expected);
          }
          // Read the raw query: the parsed one may have been coerced by a route schema.
          const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
          const value = parseQueryString(search)[key];
          return safeEqual(typeof value === 'string' ? value : undefined, expected);
        },
      };
    }
    default:
      throw new NaftikoError(
        'AUTH_UNSUPPORTED',
        `${place}: inbound ${authentication.type} authentication is not supported by the REST exposer; use basic, bearer or apikey`,
        { data: { type: authentication.type } },
      );
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function safeEqual(candidate: string | undefined, expected: Buffer): boolean {
  // Hash even a missing credential, so absent and wrong take the same time.
  const actual = digest(candidate ?? '');
  return timingSafeEqual(actual, expected) && candidate !== undefined;
}
