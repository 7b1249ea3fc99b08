import type { ObserverHub } from '../create-observer-hub.js';
import type { ConsumerInstance, ConsumerRequest, ConsumerResponse } from '../extension.js';
import { observedErrorCode, observedUpstreamStatus } from '../observation.js';
import { normalizeAbort } from './abort.js';
import type { BuildContext, RunTrace } from './action-executor.js';

export interface InvokeUpstreamOptions {
  build: BuildContext;
  consumer: ConsumerInstance;
  request: ConsumerRequest;
  signal: AbortSignal | undefined;
  trace: RunTrace;
}

/**
 * One upstream call. When someone listens, it is observed: its status feeds the run's trace and
 * an `upstream` observation; otherwise the consumer is called directly (no extra async frame).
 */
export function invokeUpstream(options: InvokeUpstreamOptions): Promise<ConsumerResponse> {
  const { build, consumer, request, signal } = options;
  const hub = build.runtime.observers?.active ? build.runtime.observers : undefined;
  if (hub === undefined) return consumer.doInvoke(request, signal === undefined ? NO_OPTIONS : { signal });
  return invokeObserved(options, hub);
}

async function invokeObserved(options: InvokeUpstreamOptions, hub: ObserverHub): Promise<ConsumerResponse> {
  const { consumer, request, signal, trace } = options;
  const started = performance.now();
  try {
    const response = await consumer.doInvoke(request, signal === undefined ? NO_OPTIONS : { signal });
    trace.upstreamStatus = response.status;
    hub.emit({
      type: 'upstream',
      target: `${consumer.namespace}.${request.operation}`,
      namespace: consumer.namespace,
      operation: request.operation,
      outcome: 'ok',
      durationMs: performance.now() - started,
      status: response.status,
    });
    return response;
  } catch (error) {
    const status = observedUpstreamStatus(error);
    if (status !== undefined) trace.upstreamStatus = status;
    hub.emit({
      type: 'upstream',
      target: `${consumer.namespace}.${request.operation}`,
      namespace: consumer.namespace,
      operation: request.operation,
      outcome: 'error',
      errorCode: observedErrorCode(normalizeAbort(error, signal)),
      durationMs: performance.now() - started,
      ...(status === undefined ? {} : { status }),
    });
    throw error;
  }
}

const NO_OPTIONS = Object.freeze({});
