import type { TemplateContext } from '@naftiko/core';
import type { CompiledValue } from './compile-value.js';
import { createDigestAuthorization } from './create-digest-authorization.js';
import { type DigestChallenge, parseDigestChallenge } from './parse-digest-challenge.js';

export interface DigestSession {
  /** The Authorization value to send pre-emptively, when a nonce is already known. */
  authorize(request: DigestRequest): string | undefined;
  /**
   * Learns the challenge of a 401 answer. True when a retry with credentials makes sense (a
   * usable Digest challenge was offered); then `authorize` yields a value.
   */
  learn(wwwAuthenticate: string | string[] | undefined): boolean;
}

export interface DigestRequest {
  method: string;
  uri: string;
  body?: Uint8Array;
  context: TemplateContext;
}

export interface CreateDigestSessionOptions {
  username: CompiledValue;
  password: CompiledValue;
}

/**
 * RFC 7616 client state for one consumes namespace: the last challenge and its nonce count, so
 * later requests authenticate up front (nc incremented) instead of paying a 401 round trip each
 * time. A 401 with a new challenge (expired nonce: `stale=true`, or a restarted server) replaces
 * the state and the caller retries once.
 */
export function createDigestSession(options: CreateDigestSessionOptions): DigestSession {
  const { username, password } = options;
  let challenge: DigestChallenge | undefined;
  let nc = 0;
  return {
    authorize(request) {
      if (challenge === undefined) return undefined;
      nc += 1;
      return createDigestAuthorization({
        challenge,
        username: username.constant ?? username.resolve(request.context),
        password: password.constant ?? password.resolve(request.context),
        method: request.method,
        uri: request.uri,
        nc,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
    },
    learn(wwwAuthenticate) {
      const next = parseDigestChallenge(wwwAuthenticate);
      if (next === undefined) return false;
      challenge = next;
      nc = 0;
      return true;
    },
  };
}
