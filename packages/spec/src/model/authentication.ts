import { Type } from '@sinclair/typebox';
import { community } from './dialect-markers.js';
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
    },
    { description: 'OAuth 2.1 bearer tokens validated against an authorization server.' },
  ),
};
