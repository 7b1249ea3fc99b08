import { joinPointer } from './json-pointer.js';

/**
 * A read-only map of a capability document for the rules. The document may be schema-invalid
 * (rules run anyway, so one run reports every problem), so every accessor here checks shapes and
 * skips what does not fit instead of throwing.
 */
export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asDict(value: unknown): Dict | undefined {
  return isDict(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Entries of an array field that are objects, with their pointers. */
export function dictItems(
  parent: Dict,
  key: string,
  pointer: string,
): Array<{ item: Dict; pointer: string; index: number }> {
  const items: Array<{ item: Dict; pointer: string; index: number }> = [];
  asArray(parent[key]).forEach((item, index) => {
    if (isDict(item)) items.push({ item, pointer: joinPointer(pointer, key, index), index });
  });
  return items;
}

export interface ConsumesEntry {
  entry: Dict;
  pointer: string;
  namespace?: string;
  /** An `ImportedConsumesHttp` left unresolved (its file was missing or invalid). */
  unresolvedImport: boolean;
}

export interface ConsumedOperation {
  namespace: string;
  name: string;
  operation: Dict;
  pointer: string;
  resource: Dict;
  resourcePointer: string;
  adapter: Dict;
  adapterPointer: string;
}

export interface ExposeEntry {
  entry: Dict;
  pointer: string;
  type?: string;
  namespace?: string;
}

export interface BindEntry {
  entry: Dict;
  pointer: string;
  namespace?: string;
  variables: string[];
}

export interface AggregateFunctionEntry {
  aggregateNamespace?: string;
  name?: string;
  entry: Dict;
  pointer: string;
}

export type UnitKind = 'mcp-tool' | 'mcp-resource' | 'rest-operation' | 'aggregate-function';

/** Something that runs when invoked: an MCP tool or resource, a REST operation, an aggregate function. */
export interface ActionUnit {
  kind: UnitKind;
  entry: Dict;
  pointer: string;
  /** The expose it belongs to; undefined for aggregate functions. */
  expose?: ExposeEntry;
  /** Names a caller can pass: declared input parameters, path and URI placeholders. */
  argumentNames: Set<string>;
  /** Whether `argumentNames` is the full list (false when the unit declares no parameters). */
  declaresArguments: boolean;
  /**
   * Whether the unit (or its REST resource) lists `inputParameters`. When not, the engine derives
   * its arguments from `with` references and passes its call's parameters through.
   */
  declaresInputParameters: boolean;
}

/** A `call: ns.op` with its `with`, on a unit or on one of its steps. */
export interface CallSite {
  target: string;
  pointer: string;
  with?: Dict;
  withPointer: string;
  unit: ActionUnit;
  /** Index of the step holding the call; undefined for a unit-level call. */
  stepIndex?: number;
  /** Names of the steps before this one (their results are template variables). */
  earlierSteps: string[];
}

export interface CapabilityIndex {
  document: Dict;
  consumes: ConsumesEntry[];
  /** namespace -> operation name -> declarations (several when names collide). */
  operations: Map<string, Map<string, ConsumedOperation[]>>;
  exposes: ExposeEntry[];
  binds: BindEntry[];
  /** Every variable declared by any bind. */
  bindVariables: Set<string>;
  /** bind namespace -> its variables. */
  bindNamespaces: Map<string, Set<string>>;
  aggregateFunctions: AggregateFunctionEntry[];
  units: ActionUnit[];
  callSites: CallSite[];
}

const PLACEHOLDER = /\{\{?\s*([A-Za-z0-9_.-]+)\s*\}?\}/g;

/** Names inside `{x}` or `{{x}}` placeholders of a path or URI. */
export function placeholderNames(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** Builds the index. Pure: the same document always gives the same index. */
export function indexCapability(document: unknown): CapabilityIndex {
  const root = asDict(document) ?? {};
  const capability = asDict(root.capability) ?? {};
  const index: CapabilityIndex = {
    document: root,
    consumes: [],
    operations: new Map(),
    exposes: [],
    binds: [],
    bindVariables: new Set(),
    bindNamespaces: new Map(),
    aggregateFunctions: [],
    units: [],
    callSites: [],
  };

  for (const [parent, pointer] of [
    [root, ''],
    [capability, '/capability'],
  ] as const) {
    for (const { item, pointer: entryPointer } of dictItems(parent, 'consumes', pointer)) {
      indexConsumes(index, item, entryPointer);
    }
    for (const { item, pointer: bindPointer } of dictItems(parent, 'binds', pointer)) {
      const keys = asDict(item.keys) ?? {};
      const variables = Object.keys(keys);
      const namespace = asString(item.namespace);
      index.binds.push({ entry: item, pointer: bindPointer, namespace, variables });
      for (const variable of variables) index.bindVariables.add(variable);
      if (namespace) {
        const known = index.bindNamespaces.get(namespace) ?? new Set<string>();
        for (const variable of variables) known.add(variable);
        index.bindNamespaces.set(namespace, known);
      }
    }
  }

  for (const { item: aggregate, pointer } of dictItems(capability, 'aggregates', '/capability')) {
    const aggregateNamespace = asString(aggregate.namespace);
    for (const { item, pointer: functionPointer } of dictItems(aggregate, 'functions', pointer)) {
      index.aggregateFunctions.push({
        aggregateNamespace,
        name: asString(item.name),
        entry: item,
        pointer: functionPointer,
      });
      addUnit(index, 'aggregate-function', item, functionPointer, undefined, []);
    }
  }

  for (const { item, pointer } of dictItems(capability, 'exposes', '/capability')) {
    const expose: ExposeEntry = {
      entry: item,
      pointer,
      type: asString(item.type),
      namespace: asString(item.namespace),
    };
    index.exposes.push(expose);
    if (expose.type === 'mcp') {
      for (const tool of dictItems(item, 'tools', pointer))
        addUnit(index, 'mcp-tool', tool.item, tool.pointer, expose, []);
      for (const resource of dictItems(item, 'resources', pointer)) {
        const uri = asString(resource.item.uri) ?? '';
        addUnit(index, 'mcp-resource', resource.item, resource.pointer, expose, placeholderNames(uri));
      }
    } else if (expose.type === 'rest') {
      for (const { item: resource, pointer: resourcePointer } of dictItems(item, 'resources', pointer)) {
        const inherited = [
          ...placeholderNames(asString(resource.path) ?? ''),
          ...parameterNames(resource.inputParameters),
        ];
        for (const operation of dictItems(resource, 'operations', resourcePointer)) {
          addUnit(
            index,
            'rest-operation',
            operation.item,
            operation.pointer,
            expose,
            inherited,
            parameterNames(resource.inputParameters).length > 0,
          );
        }
      }
    }
  }
  return index;
}

function indexConsumes(index: CapabilityIndex, entry: Dict, pointer: string): void {
  const namespace = asString(entry.namespace);
  const unresolvedImport = entry.type === undefined && entry.location !== undefined;
  index.consumes.push({
    entry,
    pointer,
    namespace: unresolvedImport ? (asString(entry.as) ?? asString(entry.import)) : namespace,
    unresolvedImport,
  });
  if (!namespace || unresolvedImport) return;
  const byName = index.operations.get(namespace) ?? new Map<string, ConsumedOperation[]>();
  index.operations.set(namespace, byName);
  for (const { item: resource, pointer: resourcePointer } of dictItems(entry, 'resources', pointer)) {
    for (const { item: operation, pointer: operationPointer } of dictItems(
      resource,
      'operations',
      resourcePointer,
    )) {
      const name = asString(operation.name);
      if (!name) continue;
      const declared = byName.get(name) ?? [];
      declared.push({
        namespace,
        name,
        operation,
        pointer: operationPointer,
        resource,
        resourcePointer,
        adapter: entry,
        adapterPointer: pointer,
      });
      byName.set(name, declared);
    }
  }
}

function addUnit(
  index: CapabilityIndex,
  kind: UnitKind,
  entry: Dict,
  pointer: string,
  expose: ExposeEntry | undefined,
  inherited: string[],
  inheritsParameters = false,
): void {
  const declared = parameterNames(entry.inputParameters);
  const unit: ActionUnit = {
    kind,
    entry,
    pointer,
    expose,
    argumentNames: new Set([...inherited, ...declared]),
    declaresArguments: Array.isArray(entry.inputParameters) || inherited.length > 0,
    declaresInputParameters: declared.length > 0 || inheritsParameters,
  };
  index.units.push(unit);
  const call = asString(entry.call);
  if (call !== undefined) {
    index.callSites.push({
      target: call,
      pointer: joinPointer(pointer, 'call'),
      with: asDict(entry.with),
      withPointer: joinPointer(pointer, 'with'),
      unit,
      earlierSteps: [],
    });
  }
  const earlierSteps: string[] = [];
  for (const { item: step, pointer: stepPointer, index: stepIndex } of dictItems(entry, 'steps', pointer)) {
    const stepCall = asString(step.call);
    if (step.type === 'call' && stepCall !== undefined) {
      index.callSites.push({
        target: stepCall,
        pointer: joinPointer(stepPointer, 'call'),
        with: asDict(step.with),
        withPointer: joinPointer(stepPointer, 'with'),
        unit,
        stepIndex,
        earlierSteps: [...earlierSteps],
      });
    }
    const name = asString(step.name);
    if (name) earlierSteps.push(name);
  }
}

/** `name`s of an `inputParameters` array. */
export function parameterNames(parameters: unknown): string[] {
  const names: string[] = [];
  for (const parameter of asArray(parameters)) {
    const name = isDict(parameter) ? asString(parameter.name) : undefined;
    if (name) names.push(name);
  }
  return names;
}

/** Splits `ns.name` at its first dot. */
export function splitTarget(target: string): { namespace: string; name: string } | undefined {
  const dot = target.indexOf('.');
  if (dot <= 0 || dot === target.length - 1) return undefined;
  return { namespace: target.slice(0, dot), name: target.slice(dot + 1) };
}

/** The operations a `call` target resolves to, or an empty list. */
export function resolveCall(index: CapabilityIndex, target: string): ConsumedOperation[] {
  const parts = splitTarget(target);
  if (!parts) return [];
  return index.operations.get(parts.namespace)?.get(parts.name) ?? [];
}

/** All `ns.op` targets a call could name, for "did you mean" lists. */
export function callTargets(index: CapabilityIndex): string[] {
  const targets: string[] = [];
  for (const [namespace, byName] of index.operations) {
    for (const name of byName.keys()) targets.push(`${namespace}.${name}`);
  }
  return targets;
}
