import { type Static, Type } from '@sinclair/typebox';
import { community } from './dialect-markers.js';
import { closedObject } from './schema-helpers.js';

/**
 * `x-naftiko-resilience`: naftiko's documented extension for timeouts, retries, circuit
 * breaking, rate limits and response caching (docs/resilience.md). The alpha2 specification has
 * no syntax for them, so the block exists in the `compatible` dialect only and its schema is
 * written inline: the official schema stays byte for byte the specification's.
 */
export const RESILIENCE_KEY = 'x-naftiko-resilience';

const milliseconds = (description: string, minimum = 1) =>
  Type.Optional(Type.Integer({ minimum, maximum: 86_400_000, description }));

const rateLimit = closedObject(
  {
    requests: Type.Integer({ minimum: 1, description: 'Calls allowed per window.' }),
    perMs: Type.Integer({ minimum: 1, maximum: 86_400_000, description: 'Window length in milliseconds.' }),
  },
  { description: 'At most `requests` calls every `perMs` milliseconds; beyond, 429 with Retry-After.' },
);

const retry = closedObject(
  {
    maxAttempts: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10,
        default: 3,
        description: 'Attempts in all, the first included.',
      }),
    ),
    baseDelayMs: milliseconds('First backoff ceiling; doubles each retry (full jitter). Default 100.', 0),
    maxDelayMs: milliseconds('Largest backoff ceiling. Default 5000.', 0),
    maxRetryAfterMs: milliseconds(
      'Longest upstream `Retry-After` honoured; a longer one ends the retries. Default 30000.',
      0,
    ),
  },
  {
    description:
      'Retries of idempotent operations (GET, HEAD, PUT, DELETE, OPTIONS or `idempotent: true`) after a timeout, an unreachable upstream, a 408, 429 or 5xx.',
  },
);

const circuitBreaker = closedObject(
  {
    failureThreshold: Type.Optional(
      Type.Integer({
        minimum: 1,
        default: 5,
        description: 'Consecutive failed calls that open the circuit.',
      }),
    ),
    openMs: milliseconds('How long an open circuit refuses calls before one probe. Default 30000.'),
  },
  { description: 'One circuit per upstream: closed, open (calls fail at once), half-open (one probe).' },
);

const cache = closedObject(
  {
    ttlMs: Type.Integer({ minimum: 1, maximum: 86_400_000, description: 'How long an answer is reused.' }),
  },
  { description: 'Reuse a GET/HEAD answer for the same request (operation and arguments) for `ttlMs`.' },
);

const idempotent = Type.Optional(
  Type.Boolean({
    description: 'Safe to repeat whatever the method (for example a POST with an idempotency key).',
  }),
);

/** On a consumes entry: defaults for its operations, plus what is per upstream. */
export const ConsumesResilience = closedObject(
  {
    timeoutMs: milliseconds('Time for a whole call, retries included. Default: the engine timeout (60 s).'),
    retry: Type.Optional(retry),
    idempotent,
    circuitBreaker: Type.Optional(circuitBreaker),
    rateLimit: Type.Optional(rateLimit),
    cache: Type.Optional(cache),
  },
  { description: 'naftiko extension: resilience of calls to this upstream.' },
);

/** On a consumed operation: overrides the consumes entry's defaults for that operation. */
export const OperationResilience = closedObject(
  {
    timeoutMs: milliseconds('Time for a whole call, retries included.'),
    retry: Type.Optional(retry),
    idempotent,
    cache: Type.Optional(cache),
  },
  { description: "naftiko extension: this operation's timeout, retries and cache." },
);

/** On a REST or MCP expose: what each caller may do. */
export const ExposeResilience = closedObject(
  { rateLimit: Type.Optional(rateLimit) },
  { description: 'naftiko extension: inbound limits, per caller (session, else client address).' },
);

/** The optional community-dialect property carrying `schema`. */
export function resilienceProperty<
  T extends typeof ConsumesResilience | typeof OperationResilience | typeof ExposeResilience,
>(schema: T) {
  return Type.Optional(community(schema));
}

export type ConsumesResilienceSpec = Static<typeof ConsumesResilience>;
export type OperationResilienceSpec = Static<typeof OperationResilience>;
export type ExposeResilienceSpec = Static<typeof ExposeResilience>;
export type RateLimitSpec = Static<typeof rateLimit>;
export type RetrySpec = Static<typeof retry>;
export type CircuitBreakerSpec = Static<typeof circuitBreaker>;
export type CacheSpec = Static<typeof cache>;
