import type { CircuitStatus } from './resilience-types.js';
import type { CircuitBreakerPolicy } from './resolve-resilience.js';
import type { StateStore } from './state-store.js';

/** What `before` decided for one call. */
export type CircuitTicket = { allowed: true; probe: boolean } | { allowed: false; retryAfterMs: number };

export interface CircuitBreaker {
  before(): Promise<CircuitTicket>;
  /** The call answered (any status the upstream chose that is not a failure). */
  success(ticket: CircuitTicket): Promise<void>;
  /** The upstream failed (5xx, timeout, unreachable, unreadable answer). */
  failure(ticket: CircuitTicket): Promise<void>;
  /** The call ended with no verdict on the upstream (the caller cancelled, a local refusal). */
  release(ticket: CircuitTicket): Promise<void>;
  status(): Promise<CircuitStatus>;
}

export interface CreateCircuitBreakerOptions {
  policy: CircuitBreakerPolicy;
  store: StateStore;
  /** Key prefix of this upstream, e.g. `circuit:orders`. */
  prefix: string;
  /** How long a probe may hold the half-open circuit before another caller may probe. */
  probeTimeoutMs: number;
}

// A tripped circuit is remembered this long without a probe; past it, it starts closed again.
const TRIPPED_MEMORY_MS = 24 * 60 * 60 * 1000;

/**
 * Closed -> open after `failureThreshold` failures without a success in between (counted in a
 * window of `openMs`, so stale failures fade) -> half-open once `openMs` passed: exactly one
 * caller claims the probe (set-if-absent, atomic in a shared store), the others are refused at
 * once -> closed when the probe succeeds, open again when it fails. The state is four keys of
 * the store, so replicas sharing a Redis share the circuit.
 */
export function createCircuitBreaker({
  policy,
  store,
  prefix,
  probeTimeoutMs,
}: CreateCircuitBreakerOptions): CircuitBreaker {
  const { failureThreshold, openMs } = policy;
  const keys = {
    failures: `${prefix}:failures`,
    open: `${prefix}:open`,
    tripped: `${prefix}:tripped`,
    probe: `${prefix}:probe`,
  };
  // Whether this process counted a failure since the last success it saw: a success clears
  // the shared counter only then, so a healthy closed circuit costs one read per call.
  let failuresSeen = false;

  const open = async () => {
    await store.set(keys.tripped, '1', { ttlMs: TRIPPED_MEMORY_MS });
    await store.set(keys.open, String(Date.now()), { ttlMs: openMs });
    await store.delete(keys.failures, keys.probe);
    failuresSeen = false;
  };

  return {
    async before() {
      if ((await store.get(keys.tripped)) === undefined) return { allowed: true, probe: false };
      const openFor = await store.ttl(keys.open);
      if (openFor !== undefined && openFor > 0) return { allowed: false, retryAfterMs: openFor };
      if (await store.set(keys.probe, '1', { ttlMs: probeTimeoutMs, onlyIfAbsent: true })) {
        return { allowed: true, probe: true };
      }
      return { allowed: false, retryAfterMs: Math.max(1, (await store.ttl(keys.probe)) ?? probeTimeoutMs) };
    },
    async success(ticket) {
      if (ticket.allowed && ticket.probe) {
        await store.delete(keys.tripped, keys.open, keys.probe, keys.failures);
        failuresSeen = false;
      } else if (failuresSeen) {
        failuresSeen = false;
        await store.delete(keys.failures);
      }
    },
    async failure(ticket) {
      if (ticket.allowed && ticket.probe) return open();
      const { count } = await store.increment(keys.failures, openMs);
      failuresSeen = true;
      if (count >= failureThreshold) await open();
    },
    async release(ticket) {
      if (ticket.allowed && ticket.probe) await store.delete(keys.probe);
    },
    async status() {
      const failures = Number((await store.get(keys.failures)) ?? 0);
      if ((await store.get(keys.tripped)) === undefined) return { state: 'closed', failures };
      const openFor = await store.ttl(keys.open);
      if (openFor !== undefined && openFor > 0) {
        return { state: 'open', failures: Math.max(failures, failureThreshold), retryAfterMs: openFor };
      }
      return { state: 'half-open', failures: Math.max(failures, failureThreshold) };
    },
  };
}
