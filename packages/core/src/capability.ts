/**
 * A loaded, validated capability: the document plus flattened views the engine uses, and
 * lookups from `namespace.name` targets to their specs.
 */

import type {
  AggregateFunctionSpec,
  AggregateSpec,
  BindingSpec,
  CapabilityDocumentSpec,
  ConsumedHttpOperationSpec,
  ConsumedHttpResourceSpec,
  ConsumesHttpSpec,
  Diagnostic,
  DocumentVersion,
  ExposesSpec,
  ImportedConsumesHttpSpec,
  LoadedDocument,
} from '@naftiko/spec';
import { implicitAuthBinds } from './binds/implicit-binds.js';

export interface Capability {
  readonly document: CapabilityDocumentSpec;
  readonly path?: string;
  readonly baseDir: string;
  readonly dialect: 'compatible' | 'official';
  /** The format and version the file declares (`ikanos 1.0.0-beta5` is read into the same model). */
  readonly version?: DocumentVersion;
  /**
   * Root binds then `capability.binds` (both are resolved, unlike the reference engine); in the
   * compatible dialect then the implied `env` binds of undeclared authentication variables.
   */
  readonly binds: readonly BindingSpec[];
  /** Root consumes (a consumes-only document) then `capability.consumes`, imports resolved. */
  readonly consumes: readonly ConsumesHttpSpec[];
  readonly exposes: readonly ExposesSpec[];
  readonly aggregates: readonly AggregateSpec[];
  /** Warnings and infos kept from loading (a capability never carries errors). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface CreateCapabilityOptions extends LoadedDocument {
  diagnostics?: Diagnostic[];
}

/** Wraps an already-validated document (e.g. `validateCapability(...).value`). */
export function createCapability(options: CreateCapabilityOptions): Capability {
  const { document, path, baseDir, dialect, version, diagnostics = [] } = options;
  const capability = document.capability ?? {};
  const binds = [...(document.binds ?? []), ...(capability.binds ?? [])];
  // Imports are resolved by the loader; an unresolved import entry has nothing to run.
  const consumes = [...(document.consumes ?? []), ...(capability.consumes ?? [])].filter(isConsumesHttp);
  return {
    document,
    ...(path === undefined ? {} : { path }),
    baseDir,
    dialect,
    ...(version === undefined ? {} : { version }),
    binds: dialect === 'compatible' ? [...binds, ...implicitAuthBinds(consumes, binds)] : binds,
    consumes,
    exposes: [...(capability.exposes ?? [])],
    aggregates: [...(capability.aggregates ?? [])],
    diagnostics,
  };
}

function isConsumesHttp(entry: ConsumesHttpSpec | ImportedConsumesHttpSpec): entry is ConsumesHttpSpec {
  return 'baseUri' in entry && 'namespace' in entry;
}

export interface ConsumedOperationRef {
  consumes: ConsumesHttpSpec;
  resource: ConsumedHttpResourceSpec;
  operation: ConsumedHttpOperationSpec;
}

/** Splits `namespace.name` at the first dot (namespaces are kebab-case, without dots). */
export function splitTarget(target: string): { namespace: string; name: string } | undefined {
  const dot = target.indexOf('.');
  if (dot <= 0 || dot === target.length - 1) return undefined;
  return { namespace: target.slice(0, dot), name: target.slice(dot + 1) };
}

/** The consumed operation a `call: namespace.operation` names, if any. */
export function findConsumedOperation(
  capability: Capability,
  target: string,
): ConsumedOperationRef | undefined {
  const parts = splitTarget(target);
  if (!parts) return undefined;
  const consumes = capability.consumes.find((entry) => entry.namespace === parts.namespace);
  for (const resource of consumes?.resources ?? []) {
    const operation = resource.operations.find((op) => op.name === parts.name);
    if (consumes && operation) return { consumes, resource, operation };
  }
  return undefined;
}

/** The aggregate function a `ref: namespace.function` names, if any. */
export function findAggregateFunction(
  capability: Capability,
  target: string,
): AggregateFunctionSpec | undefined {
  const parts = splitTarget(target);
  if (!parts) return undefined;
  const aggregate = capability.aggregates.find((entry) => entry.namespace === parts.namespace);
  return aggregate?.functions.find((fn) => fn.name === parts.name);
}
