/**
 * What every execution mode compiles to, and the helpers they share. An executor is built once
 * per action at load; `execute` is the request path.
 */
import type { BindingValues } from '../binds/binding-values.js';
import { type Capability, type ConsumedOperationRef, findConsumedOperation } from '../capability.js';
import type { ObserverHub } from '../create-observer-hub.js';
import { NaftikoError } from '../errors.js';
import type { ActionResult, ConsumerInstance, JsonSchema } from '../extension.js';
import type { Redactor } from '../redact.js';
import type { WithUse } from './input-schema.js';

/** What actions need from the engine; getters because bindings and consumers exist only once started. */
export interface ActionRuntime {
  readonly capability: Capability;
  consumer(namespace: string): ConsumerInstance | undefined;
  bindings(): BindingValues;
  redactor(): Redactor;
  /** Time budget of a script step; default 1000 ms. */
  readonly scriptTimeoutMs?: number;
  /** Receives one start and one end observation per run and one per upstream call. */
  readonly observers?: ObserverHub;
}

/** What one run learns along the way, for its end observation. */
export interface RunTrace {
  upstreamStatus?: number;
}

export interface Executor {
  withs: WithUse[];
  outputSchema?: JsonSchema;
  streaming: boolean;
  execute(
    args: Record<string, unknown>,
    signal: AbortSignal | undefined,
    trace: RunTrace,
  ): Promise<ActionResult>;
}

export interface BuildContext {
  runtime: ActionRuntime;
  place: string;
  argumentNamespaces: string[];
}

/** The consumed operation a `call` names, or UNKNOWN_OPERATION listing some that exist. */
export function resolveOperation(call: string, build: BuildContext): ConsumedOperationRef {
  const ref = findConsumedOperation(build.runtime.capability, call);
  if (ref) return ref;
  const known = build.runtime.capability.consumes.flatMap((c) =>
    (c.resources ?? []).flatMap((r) => r.operations.map((o) => `${c.namespace}.${o.name}`)),
  );
  throw new NaftikoError(
    'UNKNOWN_OPERATION',
    `${build.place} calls "${call}", which is not a consumed operation${known.length ? ` (declared: ${known.slice(0, 20).join(', ')})` : ''}.`,
    { data: { place: build.place, target: call } },
  );
}

/** The started consumer of a namespace, or ENGINE_NOT_STARTED. */
export function requireConsumer(build: BuildContext, namespace: string): ConsumerInstance {
  const consumer = build.runtime.consumer(namespace);
  if (consumer) return consumer;
  throw new NaftikoError(
    'ENGINE_NOT_STARTED',
    `Cannot call consumes "${namespace}": the engine is not started (call engine.start() first).`,
    { data: { namespace } },
  );
}
