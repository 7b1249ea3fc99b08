import { Type } from '@sinclair/typebox';
import { PATTERNS } from './common.js';
import { closedObject, ref, stringEnum } from './schema-helpers.js';

export const SCRIPT_LANGUAGES = ['javascript', 'python', 'groovy'] as const;

/** `outputParameters` of an action, typed by kind; the schema constrains items per action branch. */
export const ACTION_BRANCH_OUTPUTS = {
  call: { type: 'array', items: ref('MappedOutputParameter') },
  steps: { type: 'array', items: ref('OrchestratedOutputParameter') },
  mock: { type: 'array', items: ref('MockOutputParameter'), minItems: 1 },
} as const;

export const stepDefinitions = {
  OperationStep: Type.Union(
    [Type.Ref('OperationStepCall'), Type.Ref('OperationStepLookup'), Type.Ref('OperationStepScript')],
    { description: 'One step of an orchestration, run in order; later steps see earlier results.' },
  ),
  OperationStepCall: closedObject(
    {
      type: Type.Literal('call'),
      name: Type.Ref('IdentifierKebab', { description: 'Step name; later steps and mappings refer to it.' }),
      call: Type.Ref('Target', { description: 'The consumed operation to call, as `namespace.operation`.' }),
      with: Type.Optional(Type.Ref('With')),
    },
    { description: 'Calls a consumed operation.' },
  ),
  OperationStepLookup: closedObject(
    {
      type: Type.Literal('lookup'),
      name: Type.Ref('IdentifierKebab'),
      index: Type.Ref('IdentifierKebab', {
        description: 'Name of an earlier step whose result is searched.',
      }),
      match: Type.Ref('IdentifierKebab', { description: 'Field of each entry compared with `lookupValue`.' }),
      lookupValue: Type.String({ description: 'Value to find, usually a template.' }),
      outputParameters: Type.Array(Type.String(), {
        minItems: 1,
        description: 'Fields of the matching entry to keep.',
      }),
    },
    { description: 'Finds an entry in the result of an earlier step.' },
  ),
  OperationStepScript: closedObject(
    {
      type: Type.Literal('script'),
      name: Type.Ref('IdentifierKebab'),
      language: Type.Optional(stringEnum(SCRIPT_LANGUAGES)),
      location: Type.Optional(Type.Ref('FileUri', { description: 'Folder holding the script.' })),
      file: Type.String({ minLength: 1, description: 'Script file name.' }),
      dependencies: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
      with: Type.Optional(Type.Ref('With')),
    },
    { description: 'Runs a script.' },
  ),
  StepOutputMapping: closedObject(
    {
      targetName: Type.String({
        pattern: PATTERNS.targetName.pattern,
        description: 'Output parameter to fill, dotted for nested fields.',
      }),
      value: Type.String({ description: 'Where the value comes from, such as `$.step-name.field`.' }),
    },
    { description: 'Copies a step result into an output parameter.' },
  ),
};
