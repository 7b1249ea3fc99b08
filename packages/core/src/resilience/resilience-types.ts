// The resilience types the extension contract (extension.ts) and the resilience files share;
// this file imports nothing, so neither side imports the other in a circle.

export type CircuitState = 'closed' | 'open' | 'half-open';

/** One circuit as `/status` reports it. */
export interface CircuitStatus {
  state: CircuitState;
  /** Failures counted since the last success while closed. */
  failures: number;
  /** Open: milliseconds until the probe may go. */
  retryAfterMs?: number;
}

/** What the engine reports of one upstream under `/status` and in the metrics. */
export interface UpstreamStatus {
  namespace: string;
  /** Present when the consumes entry declares a circuit breaker. */
  circuit?: CircuitStatus;
}

/** What `/status` shows of resilience. */
export interface ResilienceStatus {
  /** Where the state lives: 'memory' or 'redis'. */
  store: string;
  upstreams: UpstreamStatus[];
}

/** What an exposer knows of whoever sent a request. */
export interface CallerInfo {
  headers: Record<string, string | string[] | undefined>;
  /** The client's address, when the transport has one. */
  remoteAddress?: string;
  /** The MCP session, when there is one. */
  sessionId?: string;
}

/**
 * Who a caller is, for per-caller limits. Swappable (`createEngine({ callerIdentity })`): an
 * OAuth resource server passes the token subject instead.
 */
export type CallerIdentity = (caller: CallerInfo) => string;

export interface InboundLimiter {
  /** Counts one call of this caller; rejects with RATE_LIMITED past the expose's limit. */
  check(caller: CallerInfo): Promise<void>;
}
