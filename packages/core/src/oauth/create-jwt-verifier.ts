import type { JWTVerifyGetKey } from 'jose';
import { loadJose } from './load-jose.js';

/**
 * Asymmetric algorithms only: `none` and the HMAC family would let anyone who knows a shared
 * secret (or no one at all) mint tokens.
 */
export const ALLOWED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

export interface CreateJwtVerifierOptions {
  issuer: string;
  audience: string;
  jwksUri: string;
  /** Allowed difference between our clock and the issuer's, in seconds. Default 10. */
  clockToleranceS?: number;
  /**
   * Least time between two fetches of the key set, in ms: a token with an unknown `kid` fetches
   * it again (key rotation), but no more often than this. Default 10 s.
   */
  cooldownMs?: number;
}

/** Why a token was refused: `unavailable` when the keys could not be fetched. */
export class TokenRejected extends Error {
  override name = 'TokenRejected';
  constructor(
    message: string,
    readonly unavailable = false,
  ) {
    super(message);
  }
}

export type JwtVerifier = (token: string) => Promise<Record<string, unknown>>;

/**
 * Verifies RFC 9068 JWT access tokens against the issuer's JWKS: signature (allow-listed
 * algorithms), `iss`, `aud` (RFC 8707: this resource), `exp` (required) and `nbf`. The key set is
 * cached by jose and fetched again on an unknown `kid`, rate-limited by `cooldownMs`.
 */
export async function createJwtVerifier(options: CreateJwtVerifierOptions): Promise<JwtVerifier> {
  const { issuer, audience, jwksUri, clockToleranceS = 10, cooldownMs = 10_000 } = options;
  const jose = await loadJose();
  const keys: JWTVerifyGetKey = jose.createRemoteJWKSet(new URL(jwksUri), {
    cooldownDuration: cooldownMs,
    cacheMaxAge: 10 * 60_000,
    timeoutDuration: 5_000,
  });
  return async (token) => {
    try {
      const { payload } = await jose.jwtVerify(token, keys, {
        issuer,
        audience,
        algorithms: ALLOWED_ALGORITHMS,
        clockTolerance: clockToleranceS,
        requiredClaims: ['exp'],
      });
      return payload as Record<string, unknown>;
    } catch (error) {
      throw toRejection(error, { issuer, audience, jwksUri });
    }
  };
}

function toRejection(
  error: unknown,
  where: { issuer: string; audience: string; jwksUri: string },
): TokenRejected {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return new TokenRejected('the token has expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (error as { claim?: string }).claim;
      if (claim === 'aud')
        return new TokenRejected(`the token is not for this resource (aud must name ${where.audience})`);
      if (claim === 'iss') return new TokenRejected(`the token was not issued by ${where.issuer}`);
      if (claim === 'nbf') return new TokenRejected('the token is not valid yet (nbf)');
      return new TokenRejected(`the token's ${claim ?? 'claims'} failed validation`);
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new TokenRejected(
        `the token's signing algorithm is not allowed (allowed: ${ALLOWED_ALGORITHMS.join(', ')})`,
      );
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return new TokenRejected('no key of the issuer matches the token (unknown kid)');
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return new TokenRejected('several keys of the issuer match the token; it must name its kid');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new TokenRejected('the token signature is invalid');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return new TokenRejected('the token is not a valid signed JWT');
    case 'ERR_JWKS_TIMEOUT':
      return new TokenRejected(`the issuer's keys (${where.jwksUri}) did not arrive in time`, true);
    case 'ERR_JWKS_INVALID':
      return new TokenRejected(`the issuer's keys (${where.jwksUri}) are not a valid JWK set`, true);
    default:
      // Anything else is the key set's fetch failing (network, status): not the token's fault.
      return new TokenRejected(
        `the issuer's keys (${where.jwksUri}) could not be fetched: ${(error as Error).message}`,
        true,
      );
  }
}
