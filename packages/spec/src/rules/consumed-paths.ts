import {
  asArray,
  asString,
  type CallSite,
  type CapabilityIndex,
  type Dict,
  dictItems,
  isDict,
  placeholderNames,
} from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

/**
 * URL hygiene of consumed APIs (Spectral `naftiko-consumes-baseuri-no-trailing-slash`,
 * `naftiko-consumed-resource-no-query-in-path`) and the runtime need that every placeholder of a
 * consumed path gets a value: an `in: path` parameter, a bind variable, or a caller's `with` key
 * or argument. An unfilled placeholder would be sent upstream literally.
 */
export function checkConsumedPaths(index: CapabilityIndex): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  const callers = new Map<string, CallSite[]>();
  for (const site of index.callSites) {
    const list = callers.get(site.target) ?? [];
    list.push(site);
    callers.set(site.target, list);
  }

  for (const consumes of index.consumes) {
    if (consumes.unresolvedImport) continue;
    const adapter = consumes.entry;
    const baseUri = asString(adapter.baseUri);
    if (baseUri?.endsWith('/')) {
      diagnostics.push(
        createDiagnostic(
          'base-uri-trailing-slash',
          joinPointer(consumes.pointer, 'baseUri'),
          `\`baseUri\` ends with \`/\`, so joined paths get \`//\`; write \`${baseUri.replace(/\/+$/, '')}\``,
        ),
      );
    }
    for (const { item: resource, pointer } of dictItems(adapter, 'resources', consumes.pointer)) {
      const path = asString(resource.path);
      if (path === undefined) continue;
      if (path.includes('?')) {
        diagnostics.push(
          createDiagnostic(
            'consumed-path-query',
            joinPointer(pointer, 'path'),
            `path \`${path}\` contains a query string; declare each query value as an \`inputParameters\` entry with \`in: query\``,
          ),
        );
      }
      for (const name of new Set(placeholderNames(path))) {
        const unsupplied = dictItems(resource, 'operations', pointer)
          .map(({ item }) => item)
          .filter(
            (operation) =>
              !isSupplied(index, name, adapter, resource, operation, callers, consumes.namespace),
          );
        if (unsupplied.length === 0) continue;
        const names = unsupplied.map((operation) => `\`${asString(operation.name) ?? '?'}\``).join(', ');
        diagnostics.push(
          createDiagnostic(
            'unsupplied-path-parameter',
            joinPointer(pointer, 'path'),
            `path placeholder \`${name}\` gets no value for ${names}; declare \`- name: ${name}\` with \`in: path\` in the operation's \`inputParameters\`, or pass \`${name}\` in the caller's \`with\``,
          ),
        );
      }
    }
  }
  return diagnostics;
}

function isSupplied(
  index: CapabilityIndex,
  name: string,
  adapter: Dict,
  resource: Dict,
  operation: Dict,
  callers: Map<string, CallSite[]>,
  namespace: string | undefined,
): boolean {
  for (const parameters of [operation.inputParameters, resource.inputParameters, adapter.inputParameters]) {
    for (const parameter of asArray(parameters)) {
      if (isDict(parameter) && parameter.name === name && parameter.in === 'path') return true;
    }
  }
  if (index.bindVariables.has(name)) return true;
  const dot = name.indexOf('.');
  if (dot > 0 && index.bindNamespaces.get(name.slice(0, dot))?.has(name.slice(dot + 1))) return true;
  const operationName = asString(operation.name);
  if (!namespace || !operationName) return false;
  return (callers.get(`${namespace}.${operationName}`) ?? []).some(
    (site) => (site.with !== undefined && name in site.with) || site.unit.argumentNames.has(name),
  );
}
