import type { Observation, Observer, ResilienceStatus } from '@naftiko/core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface CreateEngineMetricsOptions {
  /** Prefix of every metric name; default `naftiko_`. */
  prefix?: string;
  /** Histogram buckets in seconds; the default reaches 60 s for slow model-backed upstreams. */
  buckets?: readonly number[];
  /** Labels added to every series, e.g. `{ capability: 'sessions' }`. */
  defaultLabels?: Readonly<Record<string, string>>;
}

/** Prometheus metrics of one engine: feed `observer` to it, read `registry` or `metrics()`. */
export interface EngineMetrics {
  /** Pass to `createEngine({ observers: [metrics.observer] })`; stable, so adding it twice counts once. */
  readonly observer: Observer;
  /** A registry of its own, never prom-client's global default. */
  readonly registry: Registry;
  /** The Prometheus text exposition. */
  metrics(): Promise<string>;
  /** `text/plain; version=0.0.4; charset=utf-8`. */
  readonly contentType: string;
  /** Sets the circuit gauges from the engine's resilience state (the control plane does it per scrape). */
  setResilience(status: ResilienceStatus): void;
}

/** `circuit_state` values: what a dashboard graphs and alerts on (> 0 is trouble). */
const CIRCUIT_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Metrics for in-process embedders and the control plane alike. Labels are bounded by the
 * capability (tool, operation and consumed-operation names) and the closed set of error codes,
 * so a client cannot grow the series count. `outcome` is `ok` or the lower-cased NaftikoError
 * code (`upstream_status`, `invalid_arguments`, `upstream_timeout`, `aborted`, ...).
 */
export function createEngineMetrics(options: CreateEngineMetricsOptions = {}): EngineMetrics {
  const { prefix = 'naftiko_', buckets = DEFAULT_BUCKETS, defaultLabels } = options;
  const registry = new Registry();
  if (defaultLabels) registry.setDefaultLabels({ ...defaultLabels });
  const registers = [registry];

  const requests = new Counter({
    name: `${prefix}action_requests_total`,
    help: 'Tool, operation and function runs, by outcome.',
    labelNames: ['kind', 'target', 'outcome'] as const,
    registers,
  });
  const duration = new Histogram({
    name: `${prefix}action_duration_seconds`,
    help: 'Time until a run produced its result (for a stream, until the stream started).',
    labelNames: ['kind', 'target', 'outcome'] as const,
    buckets: [...buckets],
    registers,
  });
  const inFlight = new Gauge({
    name: `${prefix}action_in_flight`,
    help: 'Runs started and not finished yet.',
    labelNames: ['kind', 'target'] as const,
    registers,
  });
  const upstreamResponses = new Counter({
    name: `${prefix}upstream_responses_total`,
    help: 'Upstream calls by consumed operation and HTTP status (`none` when nothing answered).',
    labelNames: ['target', 'status', 'outcome'] as const,
    registers,
  });
  const upstreamDuration = new Histogram({
    name: `${prefix}upstream_duration_seconds`,
    help: 'Upstream call time until the response head (or the failure).',
    labelNames: ['target', 'outcome'] as const,
    buckets: [...buckets],
    registers,
  });

  const circuitState = new Gauge({
    name: `${prefix}circuit_state`,
    help: 'Circuit breaker of each upstream that declares one: 0 closed, 1 half-open, 2 open.',
    labelNames: ['namespace'] as const,
    registers,
  });
  const resilienceEvents = new Counter({
    name: `${prefix}resilience_events_total`,
    help: 'x-naftiko-resilience at work: cache-hit, cache-miss, circuit-rejected, rate-limited.',
    labelNames: ['event', 'target'] as const,
    registers,
  });

  const outcomeOf = (observation: { outcome: 'ok' | 'error'; errorCode?: string }): string =>
    observation.outcome === 'ok' ? 'ok' : (observation.errorCode ?? 'error').toLowerCase();

  const observer: Observer = (observation: Observation) => {
    switch (observation.type) {
      case 'action-start':
        inFlight.inc({ kind: observation.kind, target: observation.target });
        return;
      case 'action-end': {
        const outcome = outcomeOf(observation);
        const labels = { kind: observation.kind, target: observation.target, outcome };
        inFlight.dec({ kind: observation.kind, target: observation.target });
        requests.inc(labels);
        duration.observe(labels, observation.durationMs / 1000);
        return;
      }
      case 'upstream': {
        const outcome = outcomeOf(observation);
        upstreamResponses.inc({
          target: observation.target,
          status: observation.status === undefined ? 'none' : String(observation.status),
          outcome,
        });
        upstreamDuration.observe({ target: observation.target, outcome }, observation.durationMs / 1000);
        return;
      }
      case 'resilience':
        resilienceEvents.inc({ event: observation.event, target: observation.target });
        return;
    }
  };

  return {
    observer,
    registry,
    metrics: () => registry.metrics(),
    contentType: registry.contentType,
    setResilience: (status) => {
      for (const upstream of status.upstreams) {
        if (upstream.circuit !== undefined) {
          circuitState.set({ namespace: upstream.namespace }, CIRCUIT_STATE_VALUE[upstream.circuit.state]);
        }
      }
    },
  };
}
