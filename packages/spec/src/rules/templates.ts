import {
  asArray,
  asDict,
  asString,
  type CallSite,
  type CapabilityIndex,
  type Dict,
  dictItems,
  isDict,
  parameterNames,
  splitTarget,
} from '../capability-index.js';
import { didYouMean } from '../closest-matches.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';
import { templateReferences, visitStrings } from '../template-references.js';

const ARGUMENT_ROOTS = new Set(['tools', 'rest']);

/**
 * A `{{name}}` renders as an empty string when nothing supplies `name`, which fails quietly at
 * run time. This rule checks each template against what can exist where it is rendered: bind
 * variables (plain or `bind.VAR`), parameters and callers' `with` keys and arguments on the
 * consumed side, arguments and earlier steps on the expose side, prompt arguments in prompts.
 * Consumes-only files are skipped: their callers and binds live in the capabilities importing them.
 */
export function checkTemplates(index: CapabilityIndex): RuleDiagnostic[] {
  if (!isDict(index.document.capability)) return [];
  const diagnostics: RuleDiagnostic[] = [];
  const check = (text: string, pointer: string, scope: Set<string>, exposeNamespace?: string) => {
    for (const reference of templateReferences(text)) {
      const problem = explain(index, reference, scope, exposeNamespace);
      if (problem) diagnostics.push(createDiagnostic('unknown-template-variable', pointer, problem));
    }
  };
  const callers = new Map<string, CallSite[]>();
  for (const site of index.callSites) {
    const list = callers.get(site.target) ?? [];
    list.push(site);
    callers.set(site.target, list);
  }
  checkConsumedSide(index, callers, check);
  checkExposedSide(index, check);
  return diagnostics;
}

type Check = (text: string, pointer: string, scope: Set<string>, exposeNamespace?: string) => void;

function checkConsumedSide(index: CapabilityIndex, callers: Map<string, CallSite[]>, check: Check): void {
  for (const consumes of index.consumes) {
    if (consumes.unresolvedImport || !consumes.namespace) continue;
    const adapterScope = new Set(parameterNames(consumes.entry.inputParameters));
    for (const { item: resource, pointer: resourcePointer } of dictItems(
      consumes.entry,
      'resources',
      consumes.pointer,
    )) {
      const resourceScope = new Set<string>();
      let resourceCalled = false;
      for (const { item: operation, pointer } of dictItems(resource, 'operations', resourcePointer)) {
        const sites = callers.get(`${consumes.namespace}.${asString(operation.name) ?? ''}`) ?? [];
        const scope = operationScope(consumes.entry, resource, operation, sites);
        for (const name of scope) {
          resourceScope.add(name);
          adapterScope.add(name);
        }
        // An operation nobody calls cannot be judged: its variables come from callers.
        if (sites.length === 0) continue;
        resourceCalled = true;
        visitStrings(operation.body, joinPointer(pointer, 'body'), (text, at) => check(text, at, scope));
        checkParameterValues(operation, pointer, scope, check);
      }
      if (resourceCalled) checkParameterValues(resource, resourcePointer, resourceScope, check);
    }
    // `authentication` reads bound variables only: checked by auth-variables.ts.
    checkParameterValues(consumes.entry, consumes.pointer, adapterScope, check);
    visitStrings(asDict(consumes.entry.headers), joinPointer(consumes.pointer, 'headers'), (text, at) =>
      check(text, at, adapterScope),
    );
  }
}

function operationScope(adapter: Dict, resource: Dict, operation: Dict, sites: CallSite[]): Set<string> {
  const scope = new Set([
    ...parameterNames(adapter.inputParameters),
    ...parameterNames(resource.inputParameters),
    ...parameterNames(operation.inputParameters),
  ]);
  for (const site of sites) {
    for (const key of Object.keys(site.with ?? {})) scope.add(key);
    for (const name of site.unit.argumentNames) scope.add(name);
    for (const name of site.earlierSteps) scope.add(name);
  }
  return scope;
}

function checkParameterValues(owner: Dict, pointer: string, scope: Set<string>, check: Check): void {
  for (const { item, pointer: parameterPointer } of dictItems(owner, 'inputParameters', pointer)) {
    const value = asString(item.value);
    // `$.…` values on the exposed side are JSONPath into the request body, not templates.
    if (value !== undefined && !value.startsWith('$'))
      check(value, joinPointer(parameterPointer, 'value'), scope);
  }
}

function checkExposedSide(index: CapabilityIndex, check: Check): void {
  const functionArguments = new Map<string, string[]>();
  for (const entry of index.aggregateFunctions) {
    if (entry.aggregateNamespace && entry.name) {
      functionArguments.set(
        `${entry.aggregateNamespace}.${entry.name}`,
        parameterNames(entry.entry.inputParameters),
      );
    }
  }
  for (const unit of index.units) {
    const namespace = unit.expose?.namespace;
    const scope = new Set(unit.argumentNames);
    for (const name of functionArguments.get(asString(unit.entry.ref) ?? '') ?? []) scope.add(name);
    for (const withValues of [
      unit.entry.with,
      ...asArray(unit.entry.steps).map((step) => asDict(step)?.with),
    ]) {
      for (const value of Object.values(asDict(withValues) ?? {})) {
        const reference = typeof value === 'string' ? argumentReference(value, namespace) : undefined;
        if (reference) scope.add(reference);
      }
    }
    for (const [key, value] of Object.entries(asDict(unit.entry.with) ?? {})) {
      if (typeof value === 'string') check(value, joinPointer(unit.pointer, 'with', key), scope, namespace);
    }
    const stepScope = new Set(scope);
    for (const { item: step, pointer } of dictItems(unit.entry, 'steps', unit.pointer)) {
      for (const [key, value] of Object.entries(asDict(step.with) ?? {})) {
        if (typeof value === 'string') check(value, joinPointer(pointer, 'with', key), stepScope, namespace);
      }
      const lookupValue = asString(step.lookupValue);
      if (lookupValue !== undefined)
        check(lookupValue, joinPointer(pointer, 'lookupValue'), stepScope, namespace);
      const name = asString(step.name);
      if (name) stepScope.add(name);
    }
    visitStrings(unit.entry.outputParameters, joinPointer(unit.pointer, 'outputParameters'), (text, at) => {
      if (at.endsWith('/value')) check(text, at, scope, namespace);
    });
    checkParameterValues(unit.entry, unit.pointer, scope, check);
  }
  for (const expose of index.exposes) {
    visitStrings(
      asDict(expose.entry.authentication),
      joinPointer(expose.pointer, 'authentication'),
      (text, at) => check(text, at, new Set()),
    );
    if (expose.type !== 'mcp') continue;
    for (const { item: prompt, pointer } of dictItems(expose.entry, 'prompts', expose.pointer)) {
      const scope = new Set(parameterNames(prompt.arguments));
      for (const { item: message, pointer: messagePointer } of dictItems(prompt, 'template', pointer)) {
        const content = asString(message.content);
        if (content !== undefined) check(content, joinPointer(messagePointer, 'content'), scope);
      }
    }
  }
}

/** `x` for a `with` value that is an argument reference (`tools.x`, `rest.x`, `<expose>.x`). */
function argumentReference(value: string, exposeNamespace: string | undefined): string | undefined {
  const parts = splitTarget(value);
  if (!parts || parts.name.includes('.')) return undefined;
  return ARGUMENT_ROOTS.has(parts.namespace) || parts.namespace === exposeNamespace ? parts.name : undefined;
}

/** Undefined when the reference can be satisfied, else the message. */
function explain(
  index: CapabilityIndex,
  reference: string,
  scope: Set<string>,
  exposeNamespace: string | undefined,
): string | undefined {
  if (index.bindVariables.has(reference)) return undefined;
  const [first = reference, ...rest] = reference.split('.');
  const bound = index.bindNamespaces.get(first);
  if (bound && rest.length > 0) {
    const variable = rest.join('.');
    if (bound.has(variable)) return undefined;
    return `\`{{${reference}}}\`: bind \`${first}\` declares no variable \`${variable}\`${didYouMean(variable, bound) || `; it declares ${[...bound].map((name) => `\`${name}\``).join(', ')}`}`;
  }
  if (scope.has(first) || ARGUMENT_ROOTS.has(first) || first === exposeNamespace) return undefined;
  const candidates = [...scope, ...index.bindVariables];
  return `\`{{${reference}}}\` names no bind variable, parameter, argument or step, so it renders empty; declare it (an input parameter, a \`with\` key or a \`binds\` variable) or fix the name${didYouMean(first, candidates)}`;
}
