import { NaftikoError } from '../errors.js';
import { createRateLimiter } from './create-rate-limiter.js';
import type { CallerIdentity, InboundLimiter } from './resilience-types.js';
import { resolveInboundRateLimit } from './resolve-resilience.js';
import type { StateStore } from './state-store.js';

/**
 * The default identity: the MCP session, else the client address (the TCP peer: a forwarded-for
 * header is the client's word and not trusted), else one shared `anonymous` budget.
 */
export const defaultCallerIdentity: CallerIdentity = (caller) => {
  if (caller.sessionId !== undefined) return `session:${caller.sessionId}`;
  if (caller.remoteAddress !== undefined) return `ip:${caller.remoteAddress}`;
  return 'anonymous';
};

export interface CreateInboundLimiterOptions {
  /** The exposes entry: its `x-naftiko-resilience.rateLimit`, if any. */
  expose: object & { namespace?: string };
  store: StateStore;
  identify?: CallerIdentity;
  onLimited?(target: string): void;
}

/** The expose's per-caller limit, or undefined when it declares none (no cost per request). */
export function createInboundLimiter(options: CreateInboundLimiterOptions): InboundLimiter | undefined {
  const { expose, store, identify = defaultCallerIdentity, onLimited } = options;
  const policy = resolveInboundRateLimit(expose);
  if (policy === undefined) return undefined;
  const namespace = expose.namespace ?? 'expose';
  const limiter = createRateLimiter({ policy, store, prefix: `rate:in:${namespace}` });
  return {
    async check(caller) {
      const wait = await limiter.take(identify(caller));
      if (wait === undefined) return;
      onLimited?.(namespace);
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      throw new NaftikoError(
        'RATE_LIMITED',
        `Rate limit of "${namespace}" reached: ${policy.requests} calls per ${policy.perMs} ms per caller. Retry in ${retryAfter} s.`,
        { data: { scope: 'inbound', namespace, limit: policy.requests, perMs: policy.perMs, retryAfter } },
      );
    },
  };
}
