/**
 * How naftiko authenticates as an OAuth client to a token or introspection endpoint:
 * `client_secret_basic`, `client_secret_post` (RFC 6749 §2.3.1) or `private_key_jwt` (RFC 7523
 * §2.2, the assertion signed per request with a fresh `jti`). Decided once; applying it to a
 * request costs a header or two form fields (a signature for private_key_jwt).
 */
import { type KeyObject, randomUUID } from 'node:crypto';
import { loadJose } from './load-jose.js';

export type ClientAuthenticationMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'private_key_jwt'
  | 'none';

export interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
  /** PEM (PKCS#8) or JSON JWK text, for private_key_jwt. */
  privateKey?: string;
  method?: Exclude<ClientAuthenticationMethod, 'none'>;
}

export interface ClientAuthentication {
  readonly method: ClientAuthenticationMethod;
  /** Adds the client's credentials to a request to `endpoint` (the assertion's audience). */
  apply(endpoint: string, headers: Record<string, string>, form: URLSearchParams): Promise<void>;
}

export function createClientAuthentication(credentials: ClientCredentials): ClientAuthentication {
  const { clientId, clientSecret, privateKey } = credentials;
  const method = credentials.method ?? (privateKey !== undefined ? 'private_key_jwt' : 'client_secret_basic');
  if (method === 'private_key_jwt') {
    if (privateKey === undefined)
      throw new Error('`clientAuthentication: private_key_jwt` needs `privateKey`');
    let key: Promise<{ key: KeyObject | Uint8Array | object; alg: string; kid?: string }> | undefined;
    return {
      method,
      apply: async (endpoint, _headers, form) => {
        key ??= importPrivateKey(privateKey);
        const { key: signingKey, alg, kid } = await key;
        const { SignJWT } = await loadJose();
        const now = Math.floor(Date.now() / 1000);
        const assertion = await new SignJWT({})
          .setProtectedHeader({ alg, ...(kid === undefined ? {} : { kid }) })
          .setIssuer(clientId)
          .setSubject(clientId)
          .setAudience(endpoint)
          .setJti(randomUUID())
          .setIssuedAt(now)
          .setExpirationTime(now + 60)
          .sign(signingKey);
        form.set('client_id', clientId);
        form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
        form.set('client_assertion', assertion);
      },
    };
  }
  if (clientSecret === undefined)
    throw new Error(`\`clientAuthentication: ${method}\` needs \`clientSecret\``);
  if (method === 'client_secret_post') {
    return {
      method,
      apply: async (_endpoint, _headers, form) => {
        form.set('client_id', clientId);
        form.set('client_secret', clientSecret);
      },
    };
  }
  // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined and base64-encoded.
  const basic = `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64')}`;
  return {
    method,
    apply: async (_endpoint, headers) => {
      headers.authorization = basic;
    },
  };
}

function formEncode(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}

async function importPrivateKey(
  text: string,
): Promise<{ key: KeyObject | Uint8Array | object; alg: string; kid?: string }> {
  const jose = await loadJose();
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const jwk = JSON.parse(trimmed) as { alg?: string; kid?: string; kty?: string; crv?: string };
    const alg = jwk.alg ?? defaultAlgorithm(jwk.kty, jwk.crv);
    return {
      key: await jose.importJWK(jwk as never, alg),
      alg,
      ...(jwk.kid === undefined ? {} : { kid: jwk.kid }),
    };
  }
  // PEM PKCS#8: the algorithm follows from the key type.
  const { createPrivateKey } = await import('node:crypto');
  const details = createPrivateKey(trimmed);
  const alg = defaultAlgorithm(
    details.asymmetricKeyType === 'rsa' ? 'RSA' : details.asymmetricKeyType === 'ec' ? 'EC' : 'OKP',
    details.asymmetricKeyDetails?.namedCurve === 'prime256v1'
      ? 'P-256'
      : details.asymmetricKeyDetails?.namedCurve === 'secp384r1'
        ? 'P-384'
        : undefined,
  );
  return { key: await jose.importPKCS8(trimmed, alg), alg };
}

function defaultAlgorithm(kty: string | undefined, crv: string | undefined): string {
  if (kty === 'RSA') return 'RS256';
  if (kty === 'EC') return crv === 'P-384' ? 'ES384' : 'ES256';
  return 'EdDSA';
}
