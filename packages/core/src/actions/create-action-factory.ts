/**
 * Builds executable actions from tool / operation / function specs. Everything is compiled here
 * (templates, JSONPath, the argument validator, scripts) so `run` only executes.
 *
 * Modes, in order: `ref` (merged with the aggregate function, local fields win), `call` (+
 * `with`, mapped outputParameters), `steps` (+ `mappings`, orchestrated outputParameters), mock
 * (named outputParameters with `value` templates). Each lives in its own `compile-*.ts`.
 */

import { NaftikoError } from '../errors.js';
import type { Action, ActionSpec, CreateActionOptions } from '../extension.js';
import { observedErrorCode, observedUpstreamStatus } from '../observation.js';
import { redactError } from '../redact-error.js';
import { normalizeAbort, throwIfAborted } from './abort.js';
import type { ActionRuntime, BuildContext, RunTrace } from './action-executor.js';
import { checkArgumentShape } from './check-argument-shape.js';
import { classifyAction } from './classify-action.js';
import { compileExecutor } from './compile-executor.js';
import { buildInputSchema } from './input-schema.js';
import { mergeRef } from './merge-ref.js';
import { compileArgumentValidator } from './validate-arguments.js';

export type { ActionRuntime } from './action-executor.js';

export type ActionFactory = (spec: ActionSpec, options: CreateActionOptions) => Action;

export function createActionFactory(runtime: ActionRuntime): ActionFactory {
  const boundVariables = new Set(runtime.capability.binds.flatMap((bind) => Object.keys(bind.keys ?? {})));
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
      boundVariables,
    });
    const validate = compileArgumentValidator({ schema: inputSchema, place });
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
      run: async (args, options) => {
        const signal = options?.signal;
        // Observations (and their clock readings) only when someone listens.
        const hub = runtime.observers?.active ? runtime.observers : undefined;
        const trace: RunTrace = {};
        const started = hub === undefined ? 0 : performance.now();
        hub?.emit({ type: 'action-start', ...observed });
        try {
          throwIfAborted(signal);
          const oversized = checkArgumentShape(args);
          const issues = oversized === undefined ? validate(args) : [oversized];
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
