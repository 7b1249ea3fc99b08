import type { OperationStepSpec, OrchestratedOutputParameterSpec, WithSpec } from '@naftiko/spec';
import { throwIfAborted } from '../actions/abort.js';
import {
  type BuildContext,
  type Executor,
  requireConsumer,
  resolveOperation,
} from '../actions/action-executor.js';
import { type CompiledWith, compileWith } from '../actions/compile-with.js';
import type { WithUse } from '../actions/input-schema.js';
import { invokeUpstream } from '../actions/invoke-upstream.js';
import { jsonResult } from '../actions/to-action-result.js';
import { NaftikoError } from '../errors.js';
import type { ActionSpec, ConsumerBody } from '../extension.js';
import { type ConsumedProjection, compileConsumedOutput } from '../output/consumed-output.js';
import type { TemplateContext } from '../template.js';
import { createTemplateContext } from '../template-context.js';
import { compileLookupStep, type LookupStep } from './lookup-step.js';
import { compileScriptStep, type ScriptStep } from './script-step.js';
import { compileStepMappings, orchestratedSchema } from './step-mappings.js';

const MAX_COLLECTED_EVENTS = 10_000;

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

/**
 * `steps` (+ `mappings`, orchestrated outputParameters): call, lookup and script steps run in
 * order over a growing map of step outputs; mappings build the result, else the last output.
 */
export function compileSteps(spec: ActionSpec, build: BuildContext): Executor {
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
        withs.push({ compiled, operation: ref, target: step.call, keys: Object.keys(step.with ?? {}) });
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
      if (composite !== undefined) return jsonResult(composite);
      if (typeof last === 'string')
        return { type: 'text', text: last, status: 200, contentType: 'text/plain' };
      return jsonResult(pickOrchestrated(last, orchestrated));
    },
  };
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
