import { Type } from '@sinclair/typebox';
import { community, extension } from './dialect-markers.js';
import { anyCaseLiteral, closedObject, stringEnum, stringMap } from './schema-helpers.js';

export const authenticationDefinitions = {
  Authentication: Type.Union(
    [
      Type.Ref('AuthBasic'),
      Type.Ref('AuthApiKey'),
      Type.Ref('AuthBearer'),
      Type.Ref('AuthDigest'),
      Type.Ref('AuthOAuth2'),
    ],
    { description: 'Credentials sent upstream (consumes) or required from clients (exposes).' },
  ),
  AuthBasic: closedObject(
    {
      type: anyCaseLiteral('basic'),
      username: Type.Optional(Type.String()),
      password: Type.Optional(Type.String()),
    },
    { description: 'HTTP Basic authentication.' },
  ),
  AuthApiKey: closedObject(
    {
      type: anyCaseLiteral('apikey', ['apiKey', 'api_key', 'api-key']),
      key: Type.Optional(Type.String({ description: 'Header or query parameter name.' })),
      value: Type.Optional(
        Type.String({ description: 'The key, usually a template such as `{{API_KEY}}`.' }),
      ),
      placement: Type.Optional(stringEnum(['header', 'query'] as const, { anyCase: true })),
      // OpenAPI's security scheme words (community dialect): `in` is `placement`, `name` is `key`.
      in: Type.Optional(community(stringEnum(['header', 'query'] as const, { anyCase: true }))),
      name: Type.Optional(community(Type.String())),
      // `header` names the header and `token` holds the key; `headers` sends several key headers.
      header: Type.Optional(community(Type.String())),
      token: Type.Optional(community(Type.String())),
      headers: Type.Optional(community(stringMap())),
    },
    { description: 'An API key in a header or query parameter.' },
  ),
  AuthBearer: closedObject(
    {
      type: anyCaseLiteral('bearer'),
      token: Type.Optional(Type.String()),
      // The token under `value` (community dialect); bearer tokens always go in a header.
      value: Type.Optional(community(Type.String())),
      placement: Type.Optional(community(Type.Literal('header'))),
    },
    { description: 'A bearer token in the Authorization header.' },
  ),
  AuthDigest: closedObject(
    {
      type: anyCaseLiteral('digest'),
      username: Type.Optional(Type.String()),
      password: Type.Optional(Type.String()),
    },
    { description: 'HTTP Digest authentication.' },
  ),
  AuthOAuth2: closedObject(
    {
      type: anyCaseLiteral('oauth2'),
      authorizationServerUri: Type.String({ format: 'uri', description: 'Issuer of accepted tokens.' }),
      resource: Type.String({
        format: 'uri',
        description: 'This protected resource, as advertised to clients.',
      }),
      scopes: Type.Optional(Type.Array(Type.String())),
      audience: Type.Optional(Type.String()),
      tokenEndpoint: Type.Optional(Type.String({ format: 'uri' })),
      tokenValidation: Type.Optional(stringEnum(['jwks', 'introspection'] as const, { default: 'jwks' })),
      grantType: Type.Optional(
        extension(
          stringEnum(['client_credentials'] as const),
          'on a consumes entry, how naftiko gets its own access token: `client_credentials` (RFC 6749 §4.4) from `tokenEndpoint`, or from the token endpoint the authorization server advertises, for `resource` (RFC 8707) and `scopes`. Required on consumes, ignored on exposes.',
        ),
      ),
      clientId: Type.Optional(
        extension(
          Type.String(),
          'the client id naftiko authenticates as: to get tokens (consumes), to introspect them (exposes, `tokenValidation: introspection`).',
        ),
      ),
      clientSecret: Type.Optional(
        extension(
          Type.String(),
          "the client's secret, usually a bound variable such as `{{OAUTH_CLIENT_SECRET}}`.",
        ),
      ),
      clientAuthentication: Type.Optional(
        extension(
          stringEnum(['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const),
          'how the client authenticates to the token and introspection endpoints; default `client_secret_basic`, or `private_key_jwt` when `privateKey` is set.',
        ),
      ),
      privateKey: Type.Optional(
        extension(
          Type.String(),
          "for `private_key_jwt` (RFC 7523): the client's private key as a PEM PKCS#8 text or a JSON JWK, usually a bound variable; signs a short-lived client assertion per token request.",
        ),
      ),
    },
    { description: 'OAuth 2.1 bearer tokens validated against an authorization server.' },
  ),
};
