import type { ConsumesHttpSpec } from '@naftiko/spec';
import { isNaftikoError, NaftikoError } from '../errors.js';
import type { ConsumerInstance, ConsumerResponse } from '../extension.js';
import { cacheKey } from './cache-key.js';
import { type CircuitBreaker, type CircuitTicket, createCircuitBreaker } from './create-circuit-breaker.js';
import { createRateLimiter, type RateLimiter } from './create-rate-limiter.js';
import type { UpstreamStatus } from './resilience-types.js';
import { resolveOperationResilience, resolveUpstreamResilience } from './resolve-resilience.js';
import type { StateStore } from './state-store.js';

/** What resilience does that an observer may count (metrics). */
export type ResilienceEvent = 'cache-hit' | 'cache-miss' | 'circuit-rejected' | 'rate-limited';

export interface ResilientConsumer {
  instance: ConsumerInstance;
  status(): Promise<UpstreamStatus>;
}

export interface CreateResilientConsumerOptions {
  consumes: ConsumesHttpSpec;
  instance: ConsumerInstance;
  store: StateStore;
  /** How long a half-open probe may hold the circuit; default the consumes `timeoutMs`, else 60 s. */
  probeTimeoutMs?: number;
  onEvent?(event: ResilienceEvent, target: string): void;
}

// Answers larger than this are not cached: a cache is for many small reads.
const MAX_CACHED_BYTES = 1024 * 1024;

/**
 * Wraps a consumer instance with what `x-naftiko-resilience` declares per upstream and per
 * operation: the response cache (GET/HEAD, keyed by operation and arguments), the circuit
 * breaker and the outbound rate limit, in that order, so a cached answer costs the upstream
 * nothing and an open circuit spends no rate budget. Timeouts and retries happen inside the
 * consumer, where one deadline covers every attempt. A consumes entry that declares none of
 * these is returned as is: no wrapper, no cost.
 */
export function createResilientConsumer(options: CreateResilientConsumerOptions): ResilientConsumer {
  const { consumes, instance, store, onEvent } = options;
  const { namespace } = consumes;
  const upstream = resolveUpstreamResilience(consumes);
  // A probe holds the half-open circuit at most as long as a call may take.
  const probeTimeoutMs = options.probeTimeoutMs ?? upstream.timeoutMs ?? 60_000;
  const cacheTtl = new Map<string, number>();
  for (const resource of consumes.resources ?? []) {
    for (const operation of resource.operations) {
      const { cacheTtlMs } = resolveOperationResilience(consumes, operation);
      if (cacheTtlMs !== undefined && !cacheTtl.has(operation.name)) cacheTtl.set(operation.name, cacheTtlMs);
    }
  }
  const breaker: CircuitBreaker | undefined =
    upstream.circuitBreaker === undefined
      ? undefined
      : createCircuitBreaker({
          policy: upstream.circuitBreaker,
          store,
          prefix: `circuit:${namespace}`,
          probeTimeoutMs,
        });
  const limiter: RateLimiter | undefined =
    upstream.rateLimit === undefined
      ? undefined
      : createRateLimiter({ policy: upstream.rateLimit, store, prefix: `rate:out` });
  const status = async (): Promise<UpstreamStatus> =>
    breaker === undefined ? { namespace } : { namespace, circuit: await breaker.status() };
  if (breaker === undefined && limiter === undefined && cacheTtl.size === 0) return { instance, status };

  const admit = async (target: string): Promise<CircuitTicket | undefined> => {
    const ticket = await breaker?.before();
    if (ticket !== undefined && !ticket.allowed) {
      onEvent?.('circuit-rejected', target);
      throw new NaftikoError(
        'CIRCUIT_OPEN',
        `${target}: the circuit breaker of "${namespace}" is open after repeated upstream failures; nothing was sent. Retry in ${seconds(ticket.retryAfterMs)} s.`,
        { data: { namespace, operation: target, retryAfter: seconds(ticket.retryAfterMs) } },
      );
    }
    const wait = await limiter?.take(namespace);
    if (wait !== undefined) {
      if (ticket !== undefined) await breaker?.release(ticket);
      onEvent?.('rate-limited', target);
      const { requests, perMs } = upstream.rateLimit as { requests: number; perMs: number };
      throw new NaftikoError(
        'RATE_LIMITED',
        `${target}: the outbound rate limit of "${namespace}" (${requests} calls per ${perMs} ms) is reached; nothing was sent. Retry in ${seconds(wait)} s.`,
        {
          data: {
            scope: 'outbound',
            namespace,
            operation: target,
            limit: requests,
            perMs,
            retryAfter: seconds(wait),
          },
        },
      );
    }
    return ticket;
  };
  const settle = async (ticket: CircuitTicket | undefined, error: unknown, status?: number) => {
    if (breaker === undefined || ticket === undefined) return;
    if (error === undefined) {
      await (status !== undefined && status >= 500 ? breaker.failure(ticket) : breaker.success(ticket));
    } else if (isUpstreamFailure(error)) await breaker.failure(ticket);
    else await breaker.release(ticket);
  };

  const wrapped: ConsumerInstance = {
    namespace: instance.namespace,
    async doInvoke(request, invokeOptions) {
      const target = `${namespace}.${request.operation}`;
      const ttlMs = cacheTtl.get(request.operation);
      const key = ttlMs === undefined ? undefined : `cache:${cacheKey(target, request.templateContext)}`;
      if (key !== undefined) {
        const hit = await store.get(key);
        if (hit !== undefined) {
          onEvent?.('cache-hit', target);
          return JSON.parse(hit) as ConsumerResponse;
        }
        onEvent?.('cache-miss', target);
      }
      const ticket = await admit(target);
      let response: ConsumerResponse;
      try {
        response = await instance.doInvoke(request, invokeOptions);
      } catch (error) {
        await settle(ticket, error);
        throw error;
      }
      await settle(ticket, undefined, response.status);
      if (key !== undefined && ttlMs !== undefined && response.body.type !== 'stream') {
        const text = JSON.stringify(response);
        if (text.length <= MAX_CACHED_BYTES) await store.set(key, text, { ttlMs });
      }
      return response;
    },
    doClose: () => instance.doClose(),
  };
  if (instance.doForward !== undefined) {
    const forward = instance.doForward.bind(instance);
    wrapped.doForward = async (request, forwardOptions) => {
      const target = `${namespace} (forward)`;
      const ticket = await admit(target);
      try {
        const response = await forward(request, forwardOptions);
        await settle(ticket, undefined, response.status);
        return response;
      } catch (error) {
        await settle(ticket, error);
        throw error;
      }
    };
  }
  return { instance: wrapped, status };
}

/** Failures that say the upstream is unwell, as opposed to the caller's or our own. */
function isUpstreamFailure(error: unknown): boolean {
  if (!isNaftikoError(error)) return false;
  switch (error.code) {
    case 'UPSTREAM_TIMEOUT':
    case 'UPSTREAM_UNREACHABLE':
    case 'UPSTREAM_BAD_RESPONSE':
      return true;
    case 'UPSTREAM_STATUS':
      return typeof error.data.status === 'number' && error.data.status >= 500;
    default:
      return false;
  }
}

/** Whole seconds for a Retry-After, at least 1. */
function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
