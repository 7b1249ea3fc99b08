import { createHash, randomBytes } from 'node:crypto';
import { NaftikoError } from '@naftiko/core';
import type { DigestChallenge } from './parse-digest-challenge.js';

export interface CreateDigestAuthorizationOptions {
  challenge: DigestChallenge;
  username: string;
  password: string;
  method: string;
  /** The request-target exactly as sent (path and query). */
  uri: string;
  /** Nonce count for this nonce, starting at 1. */
  nc: number;
  /** Request body bytes, needed only when the server insists on qop=auth-int. */
  body?: Uint8Array;
  /** Fixed client nonce, for tests against known vectors; random otherwise. */
  cnonce?: string;
}

/**
 * Computes the `Authorization: Digest ...` value for one request (RFC 7616 section 3.4, with the
 * RFC 2069 form when the server offers no qop). Prefers qop=auth; uses auth-int only when it is
 * the only qop offered.
 */
export function createDigestAuthorization(options: CreateDigestAuthorizationOptions): string {
  const { challenge, username, password, method, uri, nc } = options;
  const sess = challenge.algorithm.endsWith('-SESS');
  const hashName = challenge.algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
  const hash = (text: string | Uint8Array) => createHash(hashName).update(text).digest('hex');
  const cnonce = options.cnonce ?? randomBytes(16).toString('hex');
  const qop = challenge.qop.includes('auth')
    ? 'auth'
    : challenge.qop.includes('auth-int')
      ? 'auth-int'
      : undefined;
  if (challenge.qop.length > 0 && qop === undefined) {
    throw new NaftikoError(
      'AUTH_UNSUPPORTED',
      `digest authentication: the server offers only qop="${challenge.qop.join(',')}"; supported are auth and auth-int`,
    );
  }
  let ha1 = hash(`${username}:${challenge.realm}:${password}`);
  if (sess) ha1 = hash(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 =
    qop === 'auth-int'
      ? hash(`${method}:${uri}:${hash(options.body ?? new Uint8Array())}`)
      : hash(`${method}:${uri}`);
  const ncText = nc.toString(16).padStart(8, '0');
  const response =
    qop === undefined
      ? hash(`${ha1}:${challenge.nonce}:${ha2}`)
      : hash(`${ha1}:${challenge.nonce}:${ncText}:${cnonce}:${qop}:${ha2}`);
  const parts = [
    `username=${quote(username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(uri)}`,
    `algorithm=${challenge.algorithm === 'MD5-SESS' ? 'MD5-sess' : challenge.algorithm === 'SHA-256-SESS' ? 'SHA-256-sess' : challenge.algorithm}`,
    `response=${quote(response)}`,
  ];
  if (qop !== undefined) parts.push(`qop=${qop}`, `nc=${ncText}`, `cnonce=${quote(cnonce)}`);
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}
