import {
  type ActionFactory,
  type ActionSpec,
  type Capability,
  findAggregateFunction,
  findConsumedOperation,
  formatUrlHost,
  type JsonSchema,
  NaftikoError,
  planRestParameters,
} from '@naftiko/core';
import type {
  ExposedInputParameterSpec,
  ExposedOperationSpec,
  ExposedResourceSpec,
  ExposedSkillSpec,
  ExposesMcpSpec,
  ExposesRestSpec,
  McpToolHintsSpec,
  McpToolSpec,
} from '@naftiko/spec';

export type ParameterLocation = ExposedInputParameterSpec['in'];

/** One argument of a tool, as a SKILL.md lists it. */
export interface SkillToolParameter {
  name: string;
  type?: string;
  required: boolean;
  description?: string;
  /** REST only: where the value goes. */
  in?: ParameterLocation;
  /** REST body parameters read from a JSONPath of the body (`$.a.b`). */
  bodyPath?: string;
}

/** Inbound authentication of the sibling expose, without its secret. */
export interface InvocationAuth {
  type: string;
  /** apikey: the header or query parameter name. */
  key?: string;
  placement?: 'header' | 'query';
}

export interface RestInvocation {
  mode: 'rest';
  namespace: string;
  authentication?: InvocationAuth;
  method: string;
  /** OpenAPI-style, `/sessions/{session_id}`. */
  path: string;
  /** Base URL of the REST expose + `path`. */
  url: string;
  parameters: SkillToolParameter[];
  /** Set when one object/array body parameter is the whole JSON body. */
  wholeBody?: string;
}

export interface McpInvocation {
  mode: 'mcp';
  namespace: string;
  authentication?: InvocationAuth;
  tool: string;
  transport: 'http' | 'stdio';
  /** The Streamable HTTP endpoint; absent for stdio. */
  url?: string;
  parameters: SkillToolParameter[];
}

export type SkillInvocation = RestInvocation | McpInvocation;

/** A consumed operation a tool calls, so an agent can relate it to the upstream API's docs. */
export interface UpstreamCall {
  /** `consumes-namespace.operation`. */
  target: string;
  method: string;
  /** The consumed path, e.g. `/v1/sessions/{session_id}`. */
  path: string;
  baseUri: string;
}

export interface DerivedSkillTool {
  type: 'derived';
  name: string;
  description: string;
  /** The reference engine's shape: which sibling expose and action to call. */
  invocationRef: { targetNamespace: string; action: string; mode: 'rest' | 'mcp' };
  /** How to call it, concretely. */
  invocation: SkillInvocation;
  inputSchema: JsonSchema;
  /** Top-level fields of the result, when the capability declares its shape. */
  outputFields?: string[];
  upstream: UpstreamCall[];
  label?: string;
  hints?: McpToolHintsSpec;
}

export interface InstructionSkillTool {
  type: 'instruction';
  name: string;
  description: string;
  /** File path relative to the skill's folder. */
  instruction: string;
}

export type SkillToolInfo = DerivedSkillTool | InstructionSkillTool;

export interface DescribeSkillToolsOptions {
  capability: Capability;
  skill: ExposedSkillSpec;
  /** Core's action factory (`ExposerContext.createAction`, or `createActionFactory` offline). */
  createAction: ActionFactory;
  /** `skill "x"`, for errors. */
  place: string;
}

/**
 * What each tool of a skill is and how to call it: derived tools point at a sibling REST
 * operation (method, path, parameters by location) or MCP tool (name, server), with the input
 * schema core compiles for that action; instruction tools name their file.
 */
export function describeSkillTools(options: DescribeSkillToolsOptions): SkillToolInfo[] {
  const { capability, skill, createAction, place } = options;
  return (skill.tools ?? []).map((tool): SkillToolInfo => {
    if (!tool.from) {
      return {
        type: 'instruction',
        name: tool.name,
        description: tool.description,
        instruction: tool.instruction ?? '',
      };
    }
    const { sourceNamespace, action } = tool.from;
    const expose = capability.exposes.find(
      (entry): entry is ExposesMcpSpec | ExposesRestSpec =>
        (entry.type === 'mcp' || entry.type === 'rest') && entry.namespace === sourceNamespace,
    );
    const toolPlace = `${place} tool "${tool.name}"`;
    if (!expose) {
      throw new NaftikoError(
        'ACTION_INVALID',
        `${toolPlace}: from.sourceNamespace "${sourceNamespace}" names no rest or mcp expose of this capability.`,
        { data: { place: toolPlace } },
      );
    }
    const described =
      expose.type === 'mcp'
        ? describeMcpTool({ capability, expose, action, createAction, place: toolPlace })
        : describeRestOperation({ capability, expose, action, createAction, place: toolPlace });
    return {
      type: 'derived',
      name: tool.name,
      description: tool.description,
      invocationRef: { targetNamespace: sourceNamespace, action, mode: expose.type },
      ...described,
    };
  });
}

interface Described {
  invocation: SkillInvocation;
  inputSchema: JsonSchema;
  outputFields?: string[];
  upstream: UpstreamCall[];
  label?: string;
  hints?: McpToolHintsSpec;
}

interface DescribeOptions<E> {
  capability: Capability;
  expose: E;
  action: string;
  createAction: ActionFactory;
  place: string;
}

function describeMcpTool({
  capability,
  expose,
  action,
  createAction,
  place,
}: DescribeOptions<ExposesMcpSpec>): Described {
  const tool = expose.tools.find((t: McpToolSpec) => (t.name ?? t.ref?.split('.')[1]) === action);
  if (!tool) {
    throw new NaftikoError(
      'ACTION_INVALID',
      `${place}: mcp expose "${expose.namespace}" has no tool "${action}" (tools: ${expose.tools.map((t) => t.name ?? t.ref).join(', ')}).`,
      { data: { place } },
    );
  }
  const built = createAction(tool as ActionSpec, { exposeNamespace: expose.namespace, name: action });
  const transport = expose.transport === 'stdio' ? 'stdio' : 'http';
  return {
    invocation: {
      mode: 'mcp',
      namespace: expose.namespace,
      ...authOf(expose),
      tool: action,
      transport,
      ...(transport === 'http' ? { url: `${baseUrl(expose.address, expose.port)}/mcp` } : {}),
      parameters: schemaParameters(built.inputSchema),
    },
    inputSchema: built.inputSchema,
    ...outputFields(built.outputSchema),
    upstream: upstreamCalls(capability, tool as ActionSpec),
    ...(tool.label === undefined ? {} : { label: tool.label }),
    ...((built.hints ?? tool.hints) === undefined ? {} : { hints: built.hints ?? tool.hints }),
  };
}

function describeRestOperation({
  capability,
  expose,
  action,
  createAction,
  place,
}: DescribeOptions<ExposesRestSpec>): Described {
  let found: { resource: ExposedResourceSpec; operation: ExposedOperationSpec } | undefined;
  for (const resource of expose.resources ?? []) {
    const operation = resource.operations?.find((op) => op.name === action);
    if (operation) {
      found = { resource, operation };
      break;
    }
  }
  if (!found) {
    throw new NaftikoError(
      'ACTION_INVALID',
      `${place}: rest expose "${expose.namespace}" has no operation named "${action}".`,
      { data: { place } },
    );
  }
  const { resource, operation } = found;
  const merged = new Map<string, ExposedInputParameterSpec>();
  for (const parameter of [...(resource.inputParameters ?? []), ...(operation.inputParameters ?? [])]) {
    merged.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  const declared = [...merged.values()];
  const built = createAction(
    { ...(operation as ActionSpec), ...(declared.length > 0 ? { inputParameters: declared } : {}) },
    { exposeNamespace: expose.namespace, name: action },
  );
  const path = resource.path.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, '{$1}');
  const normalizedPath = path.startsWith('/') ? path : `/${path}`;
  const method = operation.method ?? 'GET';
  // Core's plan: the same the REST exposer reads requests with and the OpenAPI export lists.
  const plan = planRestParameters({
    method,
    path: normalizedPath,
    parameters: declared,
    inputSchema: built.inputSchema,
    place,
  });
  const parameters: SkillToolParameter[] = plan.parameters.map((parameter) => ({
    name: parameter.name,
    ...(parameter.type === undefined ? {} : { type: parameter.type }),
    required: parameter.required,
    in: parameter.in,
    ...(parameter.description ? { description: parameter.description } : {}),
    ...(parameter.bodyPath === undefined ? {} : { bodyPath: parameter.bodyPath }),
  }));
  const whole = plan.wholeBody;
  return {
    invocation: {
      mode: 'rest',
      namespace: expose.namespace,
      ...authOf(expose),
      method,
      path: normalizedPath,
      url: `${baseUrl(expose.address, expose.port)}${normalizedPath}`,
      parameters,
      ...(whole === undefined ? {} : { wholeBody: whole }),
    },
    inputSchema: built.inputSchema,
    ...outputFields(built.outputSchema),
    upstream: upstreamCalls(capability, operation as ActionSpec),
    ...(operation.label === undefined ? {} : { label: operation.label }),
  };
}

function outputFields(schema: JsonSchema | undefined): { outputFields?: string[] } {
  const names = Object.keys(schema?.properties ?? {});
  return names.length > 0 ? { outputFields: names } : {};
}

/** The consumed operations an action calls: its `call`, its call steps, or its aggregate function's. */
function upstreamCalls(capability: Capability, spec: ActionSpec): UpstreamCall[] {
  const fn = spec.ref === undefined ? undefined : findAggregateFunction(capability, spec.ref);
  const local = spec.call !== undefined || spec.steps !== undefined;
  const mode = local || !fn ? spec : (fn as ActionSpec);
  const targets = [
    ...(mode.call === undefined ? [] : [mode.call]),
    ...(mode.steps ?? []).flatMap((step) => (step.type === 'call' ? [step.call] : [])),
  ];
  return targets.flatMap((target) => {
    const ref = findConsumedOperation(capability, target);
    if (!ref) return [];
    const path = ref.resource.path ?? '';
    return [
      {
        target,
        method: ref.operation.method ?? 'GET',
        path: path.startsWith('/') || path === '' ? path : `/${path}`,
        baseUri: ref.consumes.baseUri,
      },
    ];
  });
}

function authOf(expose: ExposesMcpSpec | ExposesRestSpec): { authentication?: InvocationAuth } {
  const auth = expose.authentication;
  if (!auth) return {};
  if (auth.type === 'apikey') {
    return {
      authentication: {
        type: 'apikey',
        key: auth.key === undefined || auth.key === '' ? 'x-api-key' : auth.key,
        placement: auth.placement ?? 'header',
      },
    };
  }
  return { authentication: { type: auth.type } };
}

/** Parameters of an MCP tool from its input schema (declared or derived by core). */
function schemaParameters(schema: JsonSchema): SkillToolParameter[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    ...(typeof property.type === 'string' ? { type: property.type } : {}),
    required: required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

/** Where an agent on this machine reaches an expose: wildcard binds are reached on loopback. */
export function baseUrl(address: string | undefined, port: number | undefined): string {
  const host =
    address === undefined || address === '0.0.0.0' || address === '::' || address === '[::]'
      ? '127.0.0.1'
      : address;
  const bracketed = formatUrlHost(host);
  return port === undefined ? `http://${bracketed}` : `http://${bracketed}:${port}`;
}
