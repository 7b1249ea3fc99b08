import type { MappedOutputParameterSpec } from '@naftiko/spec';
import type { ActionSpec } from '../extension.js';
import { compileMappedOutput } from '../output/mapped-output.js';
import { createTemplateContext } from '../template-context.js';
import { type BuildContext, type Executor, requireConsumer, resolveOperation } from './action-executor.js';
import { compileWith } from './compile-with.js';
import { invokeUpstream } from './invoke-upstream.js';
import { isStreamingOperation } from './streaming.js';
import { outputContext, toActionResult } from './to-action-result.js';

/** `call` (+ `with`, mapped outputParameters): one upstream call, its answer shaped or passed through. */
export function compileCall(spec: ActionSpec, build: BuildContext): Executor {
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
    withs: [{ compiled, operation: ref, target: call, keys: Object.keys(spec.with ?? {}) }],
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
