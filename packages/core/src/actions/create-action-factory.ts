/**
 * Builds executable actions from tool / operation / function specs. Everything is compiled here
 * (templates, JSONPath, the argument validator, scripts) so `run` only executes.
 *
 * Modes, in order: `ref` (merged with the aggregate function, local fields win), `call` (+
 * `with`, mapped outputParameters), `steps` (+ `mappings`, orchestrated outputParameters), mock
 * (named outputParameters with `value` templates).
 */
import type { BindingValues } from '../binds/binding-values.js';
import { emptyBindingValues } from '../binds/binding-values.js';
import {
  type Capability,
  type ConsumedOperationRef,
  findAggregateFunction,
  findConsumedOperation,
  splitTarget,
} from '../capability.js';
import { isNaftikoError, NaftikoError } from '../errors.js';
import type {
  Action,
  ActionResult,
  ActionSpec,
  ConsumerBody,
  ConsumerInstance,
  ConsumerRequest,
  ConsumerResponse,
  CreateActionOptions,
  JsonSchema,
} from '../extension.js';
import {
  type ObservedActionKind,
  type ObserverHub,
  observedErrorCode,
  observedUpstreamStatus,
} from '../observation.js';
import { type ConsumedProjection, compileConsumedOutput } from '../output/consumed-output.js';
import { compileMappedOutput, type OutputShaper } from '../output/mapped-output.js';
import { compileMockOutput } from '../output/mock-output.js';
import { compileStepMappings, orchestratedSchema } from '../output/step-mappings.js';
import type { Redactor } from '../redact.js';
import { redactError } from '../redact-error.js';
import type {
  MappedOutputParameterSpec,
  McpToolHintsSpec,
  MockOutputParameterSpec,
  OperationStepSpec,
  OrchestratedOutputParameterSpec,
  WithSpec,
} from '../spec-types.js';
import type { TemplateContext } from '../template.js';
import { createTemplateContext } from '../template-context.js';
import { throwIfAborted } from './abort.js';
import { type CompiledWith, compileWith } from './compile-with.js';
import { buildInputSchema, type WithUse } from './input-schema.js';
import { compileLookupStep, type LookupStep } from './lookup-step.js';
import { compileScriptStep, type ScriptStep } from './script-step.js';
import { isStreamingOperation } from './streaming.js';
import { compileArgumentValidator } from './validate-arguments.js';

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

export type ActionFactory = (spec: ActionSpec, options: CreateActionOptions) => Action;

const MAX_COLLECTED_EVENTS = 10_000;

/** What one run learns along the way, for its end observation. */
interface RunTrace {
  upstreamStatus?: number;
}

interface Executor {
  withs: WithUse[];
  outputSchema?: JsonSchema;
  streaming: boolean;
  execute(
    args: Record<string, unknown>,
    signal: AbortSignal | undefined,
    trace: RunTrace,
  ): Promise<ActionResult>;
}

interface BuildContext {
  runtime: ActionRuntime;
  place: string;
  argumentNamespaces: string[];
}

export function createActionFactory(runtime: ActionRuntime): ActionFactory {
  return (spec, { exposeNamespace, name }) => {
    const target = exposeNamespace ? `${exposeNamespace}.${name}` : name;
    const place = `"${target}"`;
    const merged = mergeRef(spec, runtime.capability, place);
    const build: BuildContext = {
      runtime,
      place,
      argumentNamespaces: [exposeNamespace, ...merged.namespaces],
    };
    const executor = compileExecutor(merged.spec, build);
    const inputSchema = buildInputSchema({
      inputParameters: merged.spec.inputParameters,
      withs: executor.withs,
    });
    const validate = compileArgumentValidator(inputSchema);
    const observed = {
      kind: classifyAction(runtime.capability, exposeNamespace, name),
      target,
      ...(exposeNamespace ? { exposeNamespace } : {}),
      name,
    };

    const action: Action = {
      target,
      inputSchema,
      ...(executor.outputSchema ? { outputSchema: executor.outputSchema } : {}),
      streaming: executor.streaming,
      ...(merged.description === undefined ? {} : { description: merged.description }),
      ...(merged.hints === undefined ? {} : { hints: merged.hints }),
      validate,
      run: async (args, options = {}) => {
        const { signal } = options;
        const hub = runtime.observers?.active ? runtime.observers : undefined;
        const trace: RunTrace = {};
        const started = performance.now();
        hub?.emit({ type: 'action-start', ...observed });
        try {
          throwIfAborted(signal);
          const issues = validate(args);
          if (issues.length > 0) {
            throw new NaftikoError(
              'INVALID_ARGUMENTS',
              `Invalid arguments for ${target}: ${issues.map((issue) => issue.message).join('; ')}.`,
              { data: { target, issues } },
            );
          }
          const result = await executor.execute(args, signal, trace);
          hub?.emit({
            type: 'action-end',
            ...observed,
            outcome: 'ok',
            durationMs: performance.now() - started,
            ...(trace.upstreamStatus === undefined ? {} : { upstreamStatus: trace.upstreamStatus }),
          });
          return result;
        } catch (error) {
          const failure = normalizeAbort(error, signal);
          const upstreamStatus = observedUpstreamStatus(failure) ?? trace.upstreamStatus;
          hub?.emit({
            type: 'action-end',
            ...observed,
            outcome: 'error',
            errorCode: observedErrorCode(failure),
            durationMs: performance.now() - started,
            ...(upstreamStatus === undefined ? {} : { upstreamStatus }),
          });
          throw redactError(failure, runtime.redactor());
        }
      },
    };
    return action;
  };
}

// ---------------------------------------------------------------------------------------------

interface MergedSpec {
  spec: ActionSpec;
  /** Extra argument namespaces (the aggregate's, for `<aggregate-ns>.x` references). */
  namespaces: string[];
  description?: string;
  hints?: McpToolHintsSpec;
}

function mergeRef(spec: ActionSpec, capability: Capability, place: string): MergedSpec {
  if (spec.ref === undefined) {
    return {
      spec,
      namespaces: [],
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(spec.hints === undefined ? {} : { hints: spec.hints }),
    };
  }
  const fn = findAggregateFunction(capability, spec.ref);
  if (!fn) {
    const known = capability.aggregates.flatMap((a) => a.functions.map((f) => `${a.namespace}.${f.name}`));
    throw new NaftikoError(
      'ACTION_INVALID',
      `${place} has ref "${spec.ref}", which names no aggregate function${known.length ? ` (declared: ${known.join(', ')})` : ''}.`,
      { data: { place, ref: spec.ref } },
    );
  }
  // Local fields win; a local call/steps replaces the function's whole execution mode.
  const localMode = spec.call !== undefined || spec.steps !== undefined;
  const mode = localMode ? spec : fn;
  const merged: ActionSpec = {};
  if (mode.call !== undefined) merged.call = mode.call;
  const withSpec = spec.with ?? (localMode ? undefined : fn.with);
  if (withSpec !== undefined) merged.with = withSpec;
  if (mode.steps !== undefined) merged.steps = mode.steps;
  const mappings = spec.mappings ?? (localMode ? undefined : fn.mappings);
  if (mappings !== undefined) merged.mappings = mappings;
  const outputParameters = spec.outputParameters ?? fn.outputParameters;
  if (outputParameters !== undefined) merged.outputParameters = outputParameters;
  const inputParameters = spec.inputParameters ?? fn.inputParameters;
  if (inputParameters !== undefined) merged.inputParameters = inputParameters;

  const semantics = fn.semantics ?? {};
  const derived: McpToolHintsSpec = {};
  if (semantics.safe !== undefined) {
    derived.readOnly = semantics.safe;
    if (semantics.safe) derived.destructive = false;
  }
  if (semantics.idempotent !== undefined) derived.idempotent = semantics.idempotent;
  const hints = { ...derived, ...spec.hints };
  const description = spec.description ?? fn.description;
  return {
    spec: merged,
    namespaces: [splitTarget(spec.ref)?.namespace ?? ''],
    ...(description === undefined ? {} : { description }),
    ...(Object.keys(hints).length > 0 ? { hints } : {}),
  };
}

function compileExecutor(spec: ActionSpec, build: BuildContext): Executor {
  if (spec.call !== undefined) return compileCall(spec, build);
  if (spec.steps !== undefined && spec.steps.length > 0) return compileSteps(spec, build);
  const outputs = spec.outputParameters ?? [];
  if (outputs.length > 0) {
    const named = outputs as MockOutputParameterSpec[];
    if (named.every((p) => typeof p?.value === 'string' && typeof p?.name === 'string')) {
      return compileMock(named, build);
    }
    // A REST mock: mapped outputParameters whose leaves carry `value` templates.
    return compileMappedMock(outputs as MappedOutputParameterSpec[], build);
  }
  throw new NaftikoError(
    'ACTION_INVALID',
    `${build.place} does nothing: give it a call (+ with), steps, a ref to an aggregate function, or mock outputParameters with value templates.`,
    { data: { place: build.place } },
  );
}

function resolveOperation(call: string, build: BuildContext): ConsumedOperationRef {
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

function requireConsumer(build: BuildContext, namespace: string): ConsumerInstance {
  const consumer = build.runtime.consumer(namespace);
  if (consumer) return consumer;
  throw new NaftikoError(
    'ENGINE_NOT_STARTED',
    `Cannot call consumes "${namespace}": the engine is not started (call engine.start() first).`,
    { data: { namespace } },
  );
}

function compileCall(spec: ActionSpec, build: BuildContext): Executor {
  const call = spec.call as string;
  const ref = resolveOperation(call, build);
  const compiled = compileWith({
    with: spec.with,
    argumentNamespaces: build.argumentNamespaces,
    place: build.place,
  });
  const outputParameters = (spec.outputParameters ?? []) as MappedOutputParameterSpec[];
  const shaper =
    outputParameters.length > 0
      ? compileMappedOutput({ parameters: outputParameters, place: build.place })
      : undefined;
  const namespace = ref.consumes.namespace;
  const operation = ref.operation.name;
  const { argumentNamespaces, runtime } = build;
  return {
    withs: [{ compiled, operation: ref, target: call }],
    ...(shaper ? { outputSchema: shaper.schema } : {}),
    streaming: isStreamingOperation(ref),
    execute: async (args, signal, trace) => {
      const bindings = runtime.bindings();
      const parameters = compiled.resolve({
        base: args,
        args,
        context: () =>
          createTemplateContext({ bindings, parameters: args, arguments: args, argumentNamespaces }),
      });
      const consumer = requireConsumer(build, namespace);
      const templateContext = createTemplateContext({
        bindings,
        parameters,
        arguments: args,
        argumentNamespaces,
      });
      const response = await invokeUpstream({
        build,
        consumer,
        request: { operation, parameters, templateContext },
        signal,
        trace,
      });
      return toActionResult(response, shaper, () => outputContext(args, argumentNamespaces));
    },
  };
}

type CompiledStep =
  | {
      type: 'call';
      name: string;
      namespace: string;
      operation: string;
      compiled: CompiledWith;
      project: ConsumedProjection;
    }
  | { type: 'lookup'; name: string; lookup: LookupStep }
  | { type: 'script'; name: string; script: ScriptStep; compiled: CompiledWith };

function compileSteps(spec: ActionSpec, build: BuildContext): Executor {
  const { place, argumentNamespaces, runtime } = build;
  const seen = new Set<string>();
  const withs: WithUse[] = [];
  const steps = (spec.steps ?? []).map((step: OperationStepSpec, index): CompiledStep => {
    const stepPlace = `${place} steps[${index}] "${step.name}"`;
    if (seen.has(step.name)) {
      throw new NaftikoError('ACTION_INVALID', `${stepPlace}: another step already has this name.`, {
        data: { place: stepPlace },
      });
    }
    seen.add(step.name);
    switch (step.type) {
      case 'call': {
        const ref = resolveOperation(step.call, { ...build, place: stepPlace });
        const compiled = compileWith({ with: step.with, argumentNamespaces, place: stepPlace });
        withs.push({ compiled, operation: ref, target: step.call });
        return {
          type: 'call',
          name: step.name,
          namespace: ref.consumes.namespace,
          operation: ref.operation.name,
          compiled,
          project: compileConsumedOutput({ parameters: ref.operation.outputParameters, place: step.call }),
        };
      }
      case 'lookup':
        if (!seen.has(step.index) || step.index === step.name) {
          throw new NaftikoError(
            'ACTION_INVALID',
            `${stepPlace}: index "${step.index}" must name an earlier step.`,
            { data: { place: stepPlace } },
          );
        }
        return { type: 'lookup', name: step.name, lookup: compileLookupStep({ step, place }) };
      case 'script': {
        const compiled = compileWith({
          with: step.with as WithSpec | undefined,
          argumentNamespaces,
          place: stepPlace,
        });
        withs.push({ compiled });
        return {
          type: 'script',
          name: step.name,
          compiled,
          script: compileScriptStep({
            step,
            baseDir: runtime.capability.baseDir,
            place,
            ...(runtime.scriptTimeoutMs === undefined ? {} : { timeoutMs: runtime.scriptTimeoutMs }),
          }),
        };
      }
      default:
        throw new NaftikoError(
          'ACTION_INVALID',
          `${stepPlace}: unknown step type "${String((step as { type?: unknown }).type)}" (expected call, lookup or script).`,
          { data: { place: stepPlace } },
        );
    }
  });
  const mappings = compileStepMappings({ mappings: spec.mappings ?? [], place });
  const orchestrated = ((spec.outputParameters ?? []) as OrchestratedOutputParameterSpec[]).filter(
    (p) => typeof p?.name === 'string',
  );

  return {
    withs,
    ...(orchestrated.length > 0 ? { outputSchema: orchestratedSchema(orchestrated) } : {}),
    streaming: false,
    execute: async (args, signal, trace) => {
      const bindings = runtime.bindings();
      const outputs: Record<string, unknown> = {};
      const context = (parameters: Record<string, unknown> = args): TemplateContext =>
        createTemplateContext({ bindings, parameters, arguments: args, argumentNamespaces, steps: outputs });
      let last: unknown = null;
      for (const step of steps) {
        throwIfAborted(signal);
        if (step.type === 'call') {
          const parameters = step.compiled.resolve({ base: args, args, context: () => context() });
          const consumer = requireConsumer(build, step.namespace);
          const response = await invokeUpstream({
            build,
            consumer,
            request: { operation: step.operation, parameters, templateContext: context(parameters) },
            signal,
            trace,
          });
          const value = await collectBody(response.body, signal);
          last = response.body.type === 'data' ? step.project(value) : value;
        } else if (step.type === 'lookup') {
          last = step.lookup.run(outputs, context());
        } else {
          const resolvedWith = step.compiled.resolve({ base: {}, args, context: () => context() });
          last = step.script.run({ ...args, ...outputs, with: resolvedWith });
        }
        outputs[step.name] = last;
      }
      const composite = mappings.apply(outputs, context());
      if (composite !== undefined) return json(composite);
      if (typeof last === 'string')
        return { type: 'text', text: last, status: 200, contentType: 'text/plain' };
      return json(pickOrchestrated(last, orchestrated));
    },
  };
}

function compileMock(outputs: MockOutputParameterSpec[], build: BuildContext): Executor {
  const mock = compileMockOutput({ parameters: outputs, place: build.place });
  return {
    withs: [],
    outputSchema: mock.schema,
    streaming: false,
    execute: async (args) => json(mock.produce(outputContext(args, build.argumentNamespaces))),
  };
}

function compileMappedMock(outputs: MappedOutputParameterSpec[], build: BuildContext): Executor {
  const shaper = compileMappedOutput({ parameters: outputs, place: build.place });
  return {
    withs: [],
    outputSchema: shaper.schema,
    streaming: false,
    execute: async (args) => json(shaper.shape(null, outputContext(args, build.argumentNamespaces))),
  };
}

// ---------------------------------------------------------------------------------------------

interface InvokeUpstreamOptions {
  build: BuildContext;
  consumer: ConsumerInstance;
  request: ConsumerRequest;
  signal: AbortSignal | undefined;
  trace: RunTrace;
}

/** One upstream call, observed: its status feeds the run's trace and an `upstream` observation. */
async function invokeUpstream(options: InvokeUpstreamOptions): Promise<ConsumerResponse> {
  const { build, consumer, request, signal, trace } = options;
  const hub = build.runtime.observers?.active ? build.runtime.observers : undefined;
  const started = performance.now();
  const where = {
    target: `${consumer.namespace}.${request.operation}`,
    namespace: consumer.namespace,
    operation: request.operation,
  };
  try {
    const response = await consumer.doInvoke(request, { signal });
    trace.upstreamStatus = response.status;
    hub?.emit({
      type: 'upstream',
      ...where,
      outcome: 'ok',
      durationMs: performance.now() - started,
      status: response.status,
    });
    return response;
  } catch (error) {
    const status = observedUpstreamStatus(error);
    if (status !== undefined) trace.upstreamStatus = status;
    hub?.emit({
      type: 'upstream',
      ...where,
      outcome: 'error',
      errorCode: observedErrorCode(normalizeAbort(error, signal)),
      durationMs: performance.now() - started,
      ...(status === undefined ? {} : { status }),
    });
    throw error;
  }
}

/** How an action shows up in observations, from where its expose namespace points. */
function classifyAction(capability: Capability, exposeNamespace: string, name: string): ObservedActionKind {
  if (!exposeNamespace) return 'consumed';
  const expose = capability.exposes.find((e) => 'namespace' in e && e.namespace === exposeNamespace);
  if (expose?.type === 'rest') return 'operation';
  if (expose?.type === 'mcp') return expose.tools.some((t) => t.name === name) ? 'tool' : 'resource';
  if (capability.aggregates.some((a) => a.namespace === exposeNamespace)) return 'function';
  return 'tool';
}

function json(value: unknown): ActionResult {
  return { type: 'json', value, status: 200, contentType: 'application/json' };
}

/** Output templates (`value:`) see the arguments only - never bound secrets. */
function outputContext(
  args: Record<string, unknown>,
  argumentNamespaces: readonly string[],
): TemplateContext {
  return createTemplateContext({
    bindings: emptyBindingValues,
    parameters: args,
    arguments: args,
    argumentNamespaces,
  });
}

function toActionResult(
  response: ConsumerResponse,
  shaper: OutputShaper | undefined,
  context: () => TemplateContext,
): ActionResult {
  const { status, headers, contentType, body } = response;
  switch (body.type) {
    case 'data':
      if (shaper)
        return {
          type: 'json',
          value: shaper.shape(body.value, context()),
          status,
          contentType: 'application/json',
          headers,
        };
      return {
        type: 'json',
        value: body.value,
        status,
        contentType: contentType ?? 'application/json',
        headers,
      };
    case 'text':
      return { type: 'text', text: body.text, status, contentType: contentType ?? 'text/plain', headers };
    case 'stream':
      return {
        type: 'stream',
        events: body.events,
        status,
        contentType: contentType ?? 'text/event-stream',
        headers,
      };
  }
}

/** A step's response as a value: data as is, text as a string, a stream as its events. */
async function collectBody(body: ConsumerBody, signal: AbortSignal | undefined): Promise<unknown> {
  if (body.type === 'data') return body.value;
  if (body.type === 'text') return body.text;
  const events: unknown[] = [];
  for await (const event of body.events) {
    throwIfAborted(signal);
    events.push(event);
    if (events.length >= MAX_COLLECTED_EVENTS) break;
  }
  return events;
}

/** Without mappings, orchestrated outputParameters select the named fields of the last step. */
function pickOrchestrated(value: unknown, parameters: readonly OrchestratedOutputParameterSpec[]): unknown {
  if (parameters.length === 0 || typeof value !== 'object' || value === null || Array.isArray(value))
    return value;
  const out: Record<string, unknown> = {};
  for (const { name } of parameters) out[name] = (value as Record<string, unknown>)[name] ?? null;
  return out;
}

function normalizeAbort(error: unknown, signal: AbortSignal | undefined): unknown {
  if (isNaftikoError(error)) return error;
  if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) {
    return new NaftikoError('ABORTED', 'The operation was aborted by the caller.', { cause: error });
  }
  return error;
}
