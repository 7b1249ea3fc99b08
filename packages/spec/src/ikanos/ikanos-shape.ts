// The one table of how ikanos (1.0.0-alpha3 and later) writes the alpha2 model. The ikanos
// schema generator, the loader that reads ikanos files into the model and `naftiko migrate` all
// read it, so a rename lives here once.

/** A node of the model, named after its alpha2 definition, as the walkers see it. */
export type ShapeNode =
  | 'Document'
  | 'Capability'
  | 'Info'
  | 'Binding'
  | 'ConsumesHttp'
  | 'ConsumedHttpResource'
  | 'ConsumedHttpOperation'
  | 'ConsumedInputParameter'
  | 'ConsumedOutputParameter'
  | 'Exposes'
  | 'ExposesRest'
  | 'ExposesMcp'
  | 'ExposesSkill'
  | 'ExposesControl'
  | 'ExposedResource'
  | 'ExposedOperation'
  | 'ExposedInputParameter'
  | 'McpTool'
  | 'McpToolInputParameter'
  | 'McpResource'
  | 'McpPrompt'
  | 'McpPromptArgument'
  | 'ExposedSkill'
  | 'SkillTool'
  | 'Aggregate'
  | 'AggregateFunction'
  | 'OperationStep'
  | 'StepOutputMapping'
  | 'OutputParameters'
  | 'OrchestratedOutputParameter'
  | 'MockOutputParameter';

/**
 * How a property holds its children: `keyed` is an alpha2 list of items with a `name`, which
 * ikanos writes as a map keyed by that name (the item without `name`); `list` and `one` are
 * the same in both.
 */
export type ChildKind = 'keyed' | 'list' | 'one';

export interface ShapeChild {
  kind: ChildKind;
  node: ShapeNode;
}

const keyed = (node: ShapeNode): ShapeChild => ({ kind: 'keyed', node });
const list = (node: ShapeNode): ShapeChild => ({ kind: 'list', node });
const one = (node: ShapeNode): ShapeChild => ({ kind: 'one', node });

/**
 * The children of each node, by alpha2 property name. `OutputParameters` is whichever kind the
 * action uses: a list of mapped parameters (with `call`) stays a list; orchestrated (with
 * `steps`) and mock parameters are keyed.
 */
export const SHAPE_CHILDREN: Readonly<Partial<Record<ShapeNode, Readonly<Record<string, ShapeChild>>>>> = {
  Document: {
    info: one('Info'),
    binds: list('Binding'),
    consumes: list('ConsumesHttp'),
    exposes: list('Exposes'),
    aggregates: list('Aggregate'),
    capability: one('Capability'),
  },
  Capability: {
    binds: list('Binding'),
    consumes: list('ConsumesHttp'),
    exposes: list('Exposes'),
    aggregates: list('Aggregate'),
  },
  ConsumesHttp: {
    inputParameters: keyed('ConsumedInputParameter'),
    resources: keyed('ConsumedHttpResource'),
  },
  ConsumedHttpResource: {
    inputParameters: keyed('ConsumedInputParameter'),
    operations: keyed('ConsumedHttpOperation'),
  },
  ConsumedHttpOperation: {
    inputParameters: keyed('ConsumedInputParameter'),
    outputParameters: keyed('ConsumedOutputParameter'),
  },
  ExposesRest: { resources: keyed('ExposedResource') },
  ExposedResource: {
    inputParameters: keyed('ExposedInputParameter'),
    operations: keyed('ExposedOperation'),
  },
  ExposedOperation: {
    inputParameters: keyed('ExposedInputParameter'),
    steps: keyed('OperationStep'),
    mappings: list('StepOutputMapping'),
    outputParameters: one('OutputParameters'),
  },
  ExposesMcp: { tools: keyed('McpTool'), resources: keyed('McpResource'), prompts: keyed('McpPrompt') },
  McpTool: {
    inputParameters: keyed('McpToolInputParameter'),
    steps: keyed('OperationStep'),
    mappings: list('StepOutputMapping'),
    outputParameters: one('OutputParameters'),
  },
  McpResource: {
    steps: keyed('OperationStep'),
    mappings: list('StepOutputMapping'),
    outputParameters: one('OutputParameters'),
  },
  McpPrompt: { arguments: keyed('McpPromptArgument') },
  ExposesSkill: { skills: keyed('ExposedSkill') },
  ExposedSkill: { tools: keyed('SkillTool') },
  Aggregate: { functions: keyed('AggregateFunction') },
  AggregateFunction: {
    inputParameters: keyed('McpToolInputParameter'),
    steps: keyed('OperationStep'),
    mappings: list('StepOutputMapping'),
    outputParameters: one('OutputParameters'),
  },
  OrchestratedOutputParameter: {
    items: keyed('OrchestratedOutputParameter'),
    // Already a map in alpha2, whose entries also repeat their key as `name`.
    properties: keyed('OrchestratedOutputParameter'),
  },
};

/** Which `exposes` entry node a `type` selects. */
export const EXPOSES_BY_TYPE: Readonly<Record<string, ShapeNode>> = {
  rest: 'ExposesRest',
  mcp: 'ExposesMcp',
  skill: 'ExposesSkill',
  control: 'ExposesControl',
};

/** Properties ikanos renamed: alpha2 name -> ikanos name, by node. */
export const SHAPE_RENAMES: Readonly<Partial<Record<ShapeNode, Readonly<Record<string, string>>>>> = {
  Info: { label: 'display' },
  ConsumedHttpResource: { label: 'display' },
  ConsumedHttpOperation: { label: 'display' },
  ExposedResource: { label: 'display' },
  ExposedOperation: { label: 'display' },
  McpTool: { label: 'display' },
  McpResource: { label: 'display' },
  McpPrompt: { label: 'display' },
  McpPromptArgument: { label: 'display' },
  Aggregate: { label: 'display', functions: 'flows' },
  StepOutputMapping: { targetName: 'target' },
};

/**
 * Import entries: alpha2 writes `{import, location, as}` in `consumes` only; ikanos writes
 * `{import, from, as}` in these sections, at the root or under `capability`.
 */
export const IMPORT_SECTIONS = ['consumes', 'exposes', 'aggregates', 'binds'] as const;
export const IMPORT_LOCATION = { alpha2: 'location', ikanos: 'from' } as const;

/** The ikanos name of an alpha2 property of `node`. */
export function ikanosName(node: ShapeNode, property: string): string {
  return SHAPE_RENAMES[node]?.[property] ?? property;
}

/** The alpha2 name of an ikanos property of `node`. */
export function alpha2Name(node: ShapeNode, property: string): string {
  for (const [alpha2, ikanos] of Object.entries(SHAPE_RENAMES[node] ?? {}))
    if (ikanos === property) return alpha2;
  return property;
}
