/**
 * The capability model types core codes against. They mirror `@naftiko/spec`'s exported model
 * (compatible dialect) field for field; this file re-exports them from there once the spec
 * package publishes them, so the rest of core imports model types from one place.
 */
export type ParameterType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BindingSpec {
  namespace: string;
  description?: string;
  location?: string;
  keys: Record<string, string>;
}

export interface ConsumedInputParameterSpec {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie' | 'body' | 'environment';
  value?: string;
  type?: ParameterType;
  required?: boolean;
  description?: string;
}

export interface ConsumedOutputParameterSpec {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'object' | 'array';
  value: string;
}

export type RequestBodySpec =
  | string
  | { type: 'json'; data: string | Record<string, unknown> | unknown[] }
  | { type: 'text' | 'xml' | 'sparql'; data: string }
  | { type: 'formUrlEncoded'; data: string | Record<string, string> }
  | {
      type: 'multipartForm';
      data: { name: string; value: string; filename?: string; contentType?: string }[];
    };

export interface ConsumedHttpOperationSpec {
  name: string;
  label?: string;
  description?: string;
  method: HttpMethod;
  inputParameters?: ConsumedInputParameterSpec[];
  outputRawFormat?: string;
  outputSchema?: string;
  outputParameters?: ConsumedOutputParameterSpec[];
  body?: RequestBodySpec;
}

export interface ConsumedHttpResourceSpec {
  name: string;
  label?: string;
  description?: string;
  path: string;
  inputParameters?: ConsumedInputParameterSpec[];
  operations: ConsumedHttpOperationSpec[];
}

export interface AuthenticationSpec {
  type: 'basic' | 'apikey' | 'bearer' | 'digest' | 'oauth2';
  [field: string]: unknown;
}

export interface ConsumesHttpSpec {
  type: 'http';
  namespace: string;
  description?: string;
  baseUri: string;
  headers?: Record<string, string>;
  inputParameters?: ConsumedInputParameterSpec[];
  authentication?: AuthenticationSpec;
  resources?: ConsumedHttpResourceSpec[];
}

export type WithSpec = Record<string, string | number | boolean>;

export interface McpToolInputParameterSpec {
  name: string;
  type: ParameterType;
  description: string;
  required?: boolean;
}

export interface ExposedInputParameterSpec {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie' | 'body';
  type: ParameterType;
  description: string;
  pattern?: string;
  value?: string;
}

export interface MappedOutputParameterSpec {
  type: 'string' | 'number' | 'boolean' | 'object' | 'array';
  mapping?: string;
  value?: string;
  const?: unknown;
  properties?: Record<string, MappedOutputParameterSpec>;
  items?: MappedOutputParameterSpec;
}

export interface OrchestratedOutputParameterSpec {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'object' | 'array';
  properties?: Record<string, OrchestratedOutputParameterSpec>;
  items?: OrchestratedOutputParameterSpec[];
}

export interface MockOutputParameterSpec {
  name: string;
  type: 'string' | 'number' | 'boolean';
  value: string;
}

export interface StepOutputMappingSpec {
  targetName: string;
  value: string;
}

export interface OperationStepCallSpec {
  type: 'call';
  name: string;
  call: string;
  with?: WithSpec;
}

export interface OperationStepLookupSpec {
  type: 'lookup';
  name: string;
  index: string;
  match: string;
  lookupValue: string;
  outputParameters: string[];
}

export interface OperationStepScriptSpec {
  type: 'script';
  name: string;
  language?: 'javascript' | 'python' | 'groovy';
  location?: string;
  file: string;
  dependencies?: string[];
  with?: WithSpec;
}

export type OperationStepSpec = OperationStepCallSpec | OperationStepLookupSpec | OperationStepScriptSpec;

export interface McpToolHintsSpec {
  readOnly?: boolean;
  destructive?: boolean;
  idempotent?: boolean;
  openWorld?: boolean;
}

export interface McpToolSpec {
  name?: string;
  label?: string;
  description?: string;
  inputParameters?: McpToolInputParameterSpec[];
  ref?: string;
  call?: string;
  with?: WithSpec;
  steps?: OperationStepSpec[];
  mappings?: StepOutputMappingSpec[];
  hints?: McpToolHintsSpec;
  outputParameters?: unknown[];
}

export interface McpResourceSpec {
  name: string;
  label: string;
  uri: string;
  description: string;
  mimeType?: string;
  call?: string;
  with?: WithSpec;
  steps?: OperationStepSpec[];
  mappings?: StepOutputMappingSpec[];
  outputParameters?: unknown[];
  location?: string;
}

export interface ExposesMcpSpec {
  type: 'mcp';
  transport?: 'http' | 'stdio';
  address?: string;
  port?: number;
  namespace: string;
  description?: string;
  authentication?: AuthenticationSpec;
  tools: McpToolSpec[];
  resources?: McpResourceSpec[];
  prompts?: Record<string, unknown>[];
}

export interface ForwardSpec {
  targetNamespace: string;
  trustedHeaders?: string[];
}

export interface ExposedOperationSpec {
  name?: string;
  label?: string;
  description?: string;
  method: HttpMethod;
  inputParameters?: ExposedInputParameterSpec[];
  ref?: string;
  call?: string;
  with?: WithSpec;
  outputParameters?: unknown[];
  steps?: OperationStepSpec[];
  mappings?: StepOutputMappingSpec[];
}

export interface ExposedResourceSpec {
  name?: string;
  label?: string;
  description?: string;
  path: string;
  inputParameters?: ExposedInputParameterSpec[];
  operations?: ExposedOperationSpec[];
  forward?: ForwardSpec;
}

export interface ExposesRestSpec {
  type: 'rest';
  address?: string;
  port: number;
  namespace: string;
  description?: string;
  authentication?: AuthenticationSpec;
  resources?: ExposedResourceSpec[];
}

export interface ExposesSkillSpec {
  type: 'skill';
  address?: string;
  port: number;
  namespace: string;
  description?: string;
  authentication?: AuthenticationSpec;
  skills: Record<string, unknown>[];
}

export interface ExposesControlSpec {
  type: 'control';
  address?: string;
  port: number;
  authentication?: AuthenticationSpec;
  [field: string]: unknown;
}

export type ExposesSpec = ExposesRestSpec | ExposesMcpSpec | ExposesSkillSpec | ExposesControlSpec;

export interface AggregateSemanticsSpec {
  safe?: boolean;
  idempotent?: boolean;
  cacheable?: boolean;
}

export interface AggregateFunctionSpec {
  name: string;
  description: string;
  semantics?: AggregateSemanticsSpec;
  inputParameters?: McpToolInputParameterSpec[];
  call?: string;
  with?: WithSpec;
  steps?: OperationStepSpec[];
  mappings?: StepOutputMappingSpec[];
  outputParameters?: unknown[];
}

export interface AggregateSpec {
  label: string;
  namespace: string;
  functions: AggregateFunctionSpec[];
}

export interface CapabilitySpec {
  binds?: BindingSpec[];
  exposes?: ExposesSpec[];
  consumes?: ConsumesHttpSpec[];
  aggregates?: AggregateSpec[];
}

export interface CapabilityDocumentSpec {
  naftiko: string;
  info?: { label: string; description: string; [field: string]: unknown };
  binds?: BindingSpec[];
  consumes?: ConsumesHttpSpec[];
  capability?: CapabilitySpec;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  pointer: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface LoadedDocument {
  document: CapabilityDocumentSpec;
  path?: string;
  baseDir: string;
  dialect: 'compatible' | 'official';
}
