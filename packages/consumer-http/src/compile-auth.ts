import {
  type CompileTemplate,
  createClientAuthentication,
  createClientCredentialsSource,
  NaftikoError,
  type TemplateContext,
  type TokenSource,
} from '@naftiko/core';
import { type CompiledValue, compileStrictValue } from './compile-value.js';

/** How the consumes `authentication` is applied to each request, decided once at load. */
export type CompiledAuth =
  | { type: 'none' }
  | { type: 'header'; name: string; value: CompiledValue }
  | { type: 'query'; name: string; value: CompiledValue }
  | { type: 'digest'; username: CompiledValue; password: CompiledValue }
  /** OAuth client credentials: a Bearer token from the source, fetched and renewed as needed. */
  | { type: 'oauth2'; tokens: TokenSource };

export interface CompileAuthOptions {
  authentication: { type: string; [field: string]: unknown } | undefined;
  namespace: string;
  compileTemplate: CompileTemplate;
  bindingContext: TemplateContext;
}

/**
 * Compiles the outbound authentication of a consumes entry. Fixes against the reference engine:
 * values see the bindings (`{{env.X}}` and `{{X}}`) and a missing one is an error, never an empty
 * credential; an apikey without `placement` defaults to the header (the schema's documented
 * default; the reference engine threw); a query apikey is URL-encoded; oauth2 gets naftiko's own
 * token with client credentials (extension `grantType: client_credentials`) instead of silently
 * sending no credentials.
 */
export function compileAuth(options: CompileAuthOptions): CompiledAuth {
  const { authentication, namespace, compileTemplate, bindingContext } = options;
  if (authentication === undefined) return { type: 'none' };
  const prefix = `consumes "${namespace}" authentication`;
  const field = (name: string, allowEmpty = false): CompiledValue => {
    const source = authentication[name];
    if (source === '' && allowEmpty) return { constant: '', resolve: () => '' };
    if (typeof source !== 'string' || source === '') {
      throw new NaftikoError(
        'AUTH_UNSUPPORTED',
        `${prefix}: '${name}' is required for type ${authentication.type}; set it, usually to a bound variable such as '{{API_TOKEN}}'`,
        { data: { namespace, field: name } },
      );
    }
    return compileStrictValue({ compileTemplate, source, place: `${prefix}.${name}`, bindingContext });
  };
  switch (authentication.type) {
    case 'basic': {
      const username = field('username');
      // An empty password is valid basic auth (RFC 7617), the convention of APIs that take the key
      // as the user name (Stripe, Shift4): `key:`.
      const password = field('password', true);
      const encode = (user: string, pass: string) => {
        // RFC 7617: the user-id cannot contain a colon, the server would split it wrongly.
        if (user.includes(':')) {
          throw new NaftikoError('REQUEST_INVALID', `${prefix}.username must not contain ':' (RFC 7617)`, {
            data: { namespace },
          });
        }
        return `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;
      };
      if (username.constant !== undefined && password.constant !== undefined) {
        const constant = encode(username.constant, password.constant);
        return { type: 'header', name: 'authorization', value: { constant, resolve: () => constant } };
      }
      return {
        type: 'header',
        name: 'authorization',
        value: { resolve: (context) => encode(username.resolve(context), password.resolve(context)) },
      };
    }
    case 'bearer': {
      const token = field('token');
      if (token.constant !== undefined) {
        const constant = `Bearer ${token.constant}`;
        return { type: 'header', name: 'authorization', value: { constant, resolve: () => constant } };
      }
      return {
        type: 'header',
        name: 'authorization',
        value: { resolve: (context) => `Bearer ${token.resolve(context)}` },
      };
    }
    case 'apikey': {
      const key = authentication.key;
      if (typeof key !== 'string' || key === '') {
        throw new NaftikoError(
          'AUTH_UNSUPPORTED',
          `${prefix}: 'key' (the header or query parameter name, e.g. x-api-key) is required for type apikey`,
          { data: { namespace, field: 'key' } },
        );
      }
      const placement = authentication.placement ?? 'header';
      if (placement !== 'header' && placement !== 'query') {
        throw new NaftikoError('AUTH_UNSUPPORTED', `${prefix}.placement must be 'header' or 'query'`, {
          data: { namespace, field: 'placement' },
        });
      }
      const value = field('value');
      return placement === 'header'
        ? { type: 'header', name: key.toLowerCase(), value }
        : { type: 'query', name: key, value };
    }
    case 'digest':
      return { type: 'digest', username: field('username'), password: field('password') };
    case 'oauth2':
      return compileClientCredentials(authentication, namespace, (name) =>
        field(name).resolve(bindingContext),
      );
    default:
      throw new NaftikoError(
        'AUTH_UNSUPPORTED',
        `${prefix}: unknown type '${String(authentication.type)}'; use basic, apikey, bearer or digest`,
        { data: { namespace, field: 'type' } },
      );
  }
}

/**
 * `oauth2` on a consumes entry: naftiko is the OAuth client. The block says where the tokens
 * come from (`authorizationServerUri`, or `tokenEndpoint`), what they are for (`resource`,
 * `audience`, `scopes`) and who asks (`clientId` with `clientSecret` or `privateKey`).
 */
function compileClientCredentials(
  authentication: { type: string; [field: string]: unknown },
  namespace: string,
  render: (field: string) => string,
): CompiledAuth {
  const prefix = `consumes "${namespace}" authentication`;
  if (authentication.grantType !== 'client_credentials') {
    throw new NaftikoError(
      'AUTH_UNSUPPORTED',
      `${prefix}: oauth2 on a consumes entry needs \`grantType: client_credentials\` (naftiko gets its own token) with \`clientId\` and \`clientSecret\` or \`privateKey\``,
      { data: { namespace, field: 'grantType' } },
    );
  }
  const text = (name: string) =>
    typeof authentication[name] === 'string' ? (authentication[name] as string) : undefined;
  const method = text('clientAuthentication') as
    | 'client_secret_basic'
    | 'client_secret_post'
    | 'private_key_jwt'
    | undefined;
  const usesKey =
    method === 'private_key_jwt' || (method === undefined && authentication.privateKey !== undefined);
  let client: ReturnType<typeof createClientAuthentication>;
  try {
    client = createClientAuthentication({
      clientId: render('clientId'),
      ...(usesKey ? { privateKey: render('privateKey') } : { clientSecret: render('clientSecret') }),
      ...(method === undefined ? {} : { method }),
    });
  } catch (error) {
    if (error instanceof NaftikoError) throw error;
    throw new NaftikoError('AUTH_UNSUPPORTED', `${prefix}: ${(error as Error).message}`, {
      data: { namespace },
    });
  }
  const scopes = Array.isArray(authentication.scopes) ? (authentication.scopes as string[]) : undefined;
  const tokenEndpoint = text('tokenEndpoint');
  const resource = text('resource');
  const audience = text('audience');
  return {
    type: 'oauth2',
    tokens: createClientCredentialsSource({
      issuer: String(authentication.authorizationServerUri),
      ...(tokenEndpoint === undefined ? {} : { tokenEndpoint }),
      ...(resource === undefined ? {} : { resource }),
      ...(audience === undefined ? {} : { audience }),
      ...(scopes === undefined ? {} : { scopes }),
      client,
      operation: `consumes "${namespace}"`,
    }),
  };
}
