/**
 * The capability model types core codes against, re-exported from `@naftiko/spec` (one source of
 * truth), plus the loader result types until the spec package exports them.
 */
export type {
  AggregateFunctionSpec,
  AggregateSpec,
  AuthenticationSpec,
  BindingSpec,
  CapabilityDocumentSpec,
  CapabilitySpec,
  ConsumedHttpOperationSpec,
  ConsumedHttpResourceSpec,
  ConsumedInputParameterSpec,
  ConsumedOutputParameterSpec,
  ConsumesHttpSpec,
  ExposedInputParameterSpec,
  ExposedOperationSpec,
  ExposedResourceSpec,
  ExposesControlSpec,
  ExposesMcpSpec,
  ExposesRestSpec,
  ExposesSkillSpec,
  ExposesSpec,
  ImportedConsumesHttpSpec,
  MappedOutputParameterSpec,
  McpResourceSpec,
  McpToolHintsSpec,
  McpToolInputParameterSpec,
  McpToolSpec,
  MockOutputParameterSpec,
  OperationStepCallSpec,
  OperationStepLookupSpec,
  OperationStepScriptSpec,
  OperationStepSpec,
  OrchestratedOutputParameterSpec,
  SemanticsSpec,
  StepOutputMappingSpec,
  WithSpec,
} from '@naftiko/spec';

import type { CapabilityDocumentSpec } from '@naftiko/spec';

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
