/**
 * The observation hook: the engine reports every action run and every upstream call to the
 * observers an embedder passes (`createEngine({ observers })`) or an exposer subscribes
 * (`ExposerContext.observe`). It is how the control plane counts requests without core
 * knowing about Prometheus. Observers run synchronously on the request path, so they must be
 * cheap; one that throws is logged and never fails the request it observes.
 */
import { isNaftikoError, type NaftikoErrorCode } from './errors.js';
import type { Logger } from './extension.js';

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

export type Observation = ActionStartObservation | ActionEndObservation | UpstreamObservation;

export type Observer = (observation: Observation) => void;

export interface ObserverHub {
  /** Adds an observer (adding the same function twice keeps one); returns its removal. */
  add(observer: Observer): () => void;
  emit(observation: Observation): void;
  /** False when nobody listens, so callers can skip building observations. */
  readonly active: boolean;
}

export interface CreateObserverHubOptions {
  observers?: readonly Observer[];
  logger: Logger;
}

export function createObserverHub({ observers = [], logger }: CreateObserverHubOptions): ObserverHub {
  const set = new Set<Observer>(observers);
  let warned = false;
  return {
    add: (observer) => {
      set.add(observer);
      return () => {
        set.delete(observer);
      };
    },
    emit: (observation) => {
      for (const observer of set) {
        try {
          observer(observation);
        } catch (error) {
          // Once is enough: an observer failing on every request would flood the log.
          if (!warned) logger.warn('an engine observer threw; its observations are lost', { error });
          warned = true;
        }
      }
    },
    get active() {
      return set.size > 0;
    },
  };
}

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
