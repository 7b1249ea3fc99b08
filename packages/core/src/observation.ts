/**
 * The observation hook: the engine reports every action run and every upstream call to the
 * observers an embedder passes (`createEngine({ observers })`) or an exposer subscribes
 * (`ExposerContext.observe`). It is how the control plane counts requests without core
 * knowing about Prometheus. Observers run synchronously on the request path, so they must be
 * cheap; one that throws is logged and never fails the request it observes.
 */
import { isNaftikoError, type NaftikoErrorCode } from './errors.js';

/**
 * What ran: an MCP `tool` or `resource`, a REST `operation`, an aggregate `function` invoked by
 * name, or a consumed operation invoked directly (`consumed`, e.g. `engine.invoke('ns.op')`).
 */
export type ObservedActionKind = 'tool' | 'resource' | 'operation' | 'function' | 'consumed';

/** `UNEXPECTED` stands for anything that is not a NaftikoError (a bug or a thrown non-error). */
export type ObservedErrorCode = NaftikoErrorCode | 'UNEXPECTED';

export interface ActionStartObservation {
  type: 'action-start';
  kind: ObservedActionKind;
  /** `<exposeNamespace>.<name>`, or the consumed/aggregate target. */
  target: string;
  /** The expose the action belongs to; absent for direct invokes of consumed operations. */
  exposeNamespace?: string;
  name: string;
}

export interface ActionEndObservation extends Omit<ActionStartObservation, 'type'> {
  type: 'action-end';
  outcome: 'ok' | 'error';
  /** Set when `outcome` is 'error'. */
  errorCode?: ObservedErrorCode;
  /** Until the result (or, for a stream, its first byte) was available. */
  durationMs: number;
  /** Status of the last upstream answer of this run, when there was one. */
  upstreamStatus?: number;
}

export interface UpstreamObservation {
  type: 'upstream';
  /** `<consumesNamespace>.<operation>`. */
  target: string;
  namespace: string;
  operation: string;
  outcome: 'ok' | 'error';
  errorCode?: ObservedErrorCode;
  durationMs: number;
  /** The HTTP status, when the upstream answered at all. */
  status?: number;
}

/** What `x-naftiko-resilience` did to a call before or instead of an upstream call. */
export interface ResilienceObservation {
  type: 'resilience';
  event: 'cache-hit' | 'cache-miss' | 'circuit-rejected' | 'rate-limited';
  /** `<consumesNamespace>.<operation>`, `<consumesNamespace> (forward)`, or the expose namespace (inbound). */
  target: string;
}

export type Observation =
  | ActionStartObservation
  | ActionEndObservation
  | UpstreamObservation
  | ResilienceObservation;

export type Observer = (observation: Observation) => void;

/** The error code to report for a failure. */
export function observedErrorCode(error: unknown): ObservedErrorCode {
  return isNaftikoError(error) ? error.code : 'UNEXPECTED';
}

/** The upstream status a failure carries (UPSTREAM_STATUS errors have `data.status`). */
export function observedUpstreamStatus(error: unknown): number | undefined {
  if (!isNaftikoError(error)) return undefined;
  const status = error.data.status;
  return typeof status === 'number' ? status : undefined;
}
