import { Type } from '@sinclair/typebox';
import { outputMediaType, tags } from './ikanos-fields.js';
import { emitAs } from './schema-helpers.js';
import { ACTION_BRANCH_OUTPUTS } from './steps.js';

/** The TypeScript view of an action's `outputParameters`: whichever kind the action uses. */
export function actionOutputParameters() {
  return Type.Optional(
    emitAs(
      Type.Array(
        Type.Union([
          Type.Ref('MappedOutputParameter'),
          Type.Ref('OrchestratedOutputParameter'),
          Type.Ref('MockOutputParameter'),
        ]),
      ),
      { type: 'array', description: 'Shape of the result; the kind depends on `call`, `steps` or neither.' },
    ),
  );
}

export const aggregateDefinitions = {
  Aggregate: Type.Object(
    {
      label: Type.String(),
      namespace: Type.Ref('IdentifierKebab', { description: 'Name that `ref: namespace.function` uses.' }),
      functions: Type.Array(Type.Ref('AggregateFunction'), { minItems: 1 }),
    },
    { additionalProperties: false, description: 'A group of reusable functions.' },
  ),
  AggregateFunction: Type.Object(
    {
      name: Type.Ref('IdentifierKebab'),
      description: Type.String(),
      tags: tags(),
      semantics: Type.Optional(Type.Ref('Semantics')),
      outputMediaType: outputMediaType(),
      inputParameters: Type.Optional(Type.Array(Type.Ref('McpToolInputParameter'))),
      call: Type.Optional(Type.Ref('Target')),
      with: Type.Optional(Type.Ref('With')),
      steps: Type.Optional(Type.Array(Type.Ref('OperationStep'), { minItems: 1 })),
      mappings: Type.Optional(Type.Array(Type.Ref('StepOutputMapping'))),
      outputParameters: actionOutputParameters(),
    },
    {
      additionalProperties: false,
      // A function calls one operation, orchestrates steps, or returns fixed (mock) outputs.
      anyOf: [
        { required: ['call'], properties: { outputParameters: ACTION_BRANCH_OUTPUTS.call } },
        { required: ['steps'], properties: { outputParameters: ACTION_BRANCH_OUTPUTS.steps } },
        { required: ['outputParameters'], properties: { outputParameters: ACTION_BRANCH_OUTPUTS.mock } },
      ],
      description: 'A reusable action that exposes reference with `ref`.',
    },
  ),
};
