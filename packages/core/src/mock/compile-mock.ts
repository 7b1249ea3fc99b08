import type { MappedOutputParameterSpec, MockOutputParameterSpec } from '@naftiko/spec';
import type { BuildContext, Executor } from '../actions/action-executor.js';
import { jsonResult, outputContext } from '../actions/to-action-result.js';
import { compileMappedOutput } from '../output/mapped-output.js';
import { compileMockOutput } from './mock-output.js';

/** Named outputParameters with `value` templates over the arguments (MCP/aggregate mocks). */
export function compileMock(outputs: MockOutputParameterSpec[], build: BuildContext): Executor {
  const mock = compileMockOutput({ parameters: outputs, place: build.place });
  return {
    withs: [],
    outputSchema: mock.schema,
    streaming: false,
    execute: async (args) => jsonResult(mock.produce(outputContext(args, build.argumentNamespaces))),
  };
}

/** A REST mock: mapped outputParameters whose leaves carry `value` templates. */
export function compileMappedMock(outputs: MappedOutputParameterSpec[], build: BuildContext): Executor {
  const shaper = compileMappedOutput({ parameters: outputs, place: build.place });
  return {
    withs: [],
    outputSchema: shaper.schema,
    streaming: false,
    execute: async (args) => jsonResult(shaper.shape(null, outputContext(args, build.argumentNamespaces))),
  };
}
