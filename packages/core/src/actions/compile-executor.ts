import type { MappedOutputParameterSpec, MockOutputParameterSpec } from '@naftiko/spec';
import { NaftikoError } from '../errors.js';
import type { ActionSpec } from '../extension.js';
import { compileMappedMock, compileMock } from '../mock/compile-mock.js';
import { compileSteps } from '../steps/compile-steps.js';
import type { BuildContext, Executor } from './action-executor.js';
import { compileCall } from './compile-call.js';

/** Picks the execution mode of a (ref-merged) spec: call, steps, then mock outputParameters. */
export function compileExecutor(spec: ActionSpec, build: BuildContext): Executor {
  if (spec.call !== undefined) return compileCall(spec, build);
  if (spec.steps !== undefined && spec.steps.length > 0) return compileSteps(spec, build);
  const outputs = spec.outputParameters ?? [];
  if (outputs.length > 0) {
    const named = outputs as MockOutputParameterSpec[];
    if (named.every((p) => typeof p?.value === 'string' && typeof p?.name === 'string')) {
      return compileMock(named, build);
    }
    return compileMappedMock(outputs as MappedOutputParameterSpec[], build);
  }
  throw new NaftikoError(
    'ACTION_INVALID',
    `${build.place} does nothing: give it a call (+ with), steps, a ref to an aggregate function, or mock outputParameters with value templates.`,
    { data: { place: build.place } },
  );
}
