import {
  asString,
  type CallSite,
  type CapabilityIndex,
  type Dict,
  dictItems,
  placeholderNames,
} from '../capability-index.js';
import type { RuleDiagnostic } from '../diagnostic.js';
import { createDiagnostic } from '../diagnostic-codes.js';
import { joinPointer } from '../json-pointer.js';

/**
 * URL hygiene of consumed APIs (Spectral `naftiko-consumes-baseuri-no-trailing-slash`,
 * `naftiko-consumed-resource-no-query-in-path`) and the runtime need that every path value of a
 * consumed operation gets one from each of its callers: a bind variable, a `value`, or the
 * caller's `with` key or argument (a caller that declares no arguments passes its call's
 * parameters through, so it advertises them). An unfilled value would fail every call.
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
    // A call reaches the first operation of its name (a repeated name is its own error).
    const called = new Set<string>();
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
      const placeholders = [...new Set(placeholderNames(path))];
      for (const { item: operation } of dictItems(resource, 'operations', pointer)) {
        const operationName = asString(operation.name);
        if (operationName === undefined) continue;
        const parameters = pathParameters([
          [adapter, ''],
          [resource, ''],
          [operation, ''],
        ]);
        const sites =
          consumes.namespace && !called.has(operationName)
            ? (callers.get(`${consumes.namespace}.${operationName}`) ?? [])
            : [];
        called.add(operationName);
        for (const name of new Set([...placeholders, ...parameters.keys()])) {
          const parameter = parameters.get(name);
          if (parameter?.value !== undefined || isBound(index, name)) continue;
          // A placeholder is a path parameter of its name: without callers, the direct caller's
          // (`invoke`) to give; each caller that declares its arguments must give it.
          for (const site of sites) {
            if (suppliedBy(site, name)) continue;
            diagnostics.push(
              createDiagnostic(
                'unsupplied-path-parameter',
                site.pointer,
                `the path value \`${name}\` of \`${site.target}\` (\`${path}\`) gets no value from this caller; add \`${name}\` to its \`inputParameters\`, or set \`${name}\` in its \`with\``,
              ),
            );
          }
        }
        // A required query, header, cookie or body parameter fails every call of a caller that
        // declares its arguments without it, just as a path value does.
        for (const [name, where] of requiredParameters(adapter, resource, operation)) {
          if (isBound(index, name)) continue;
          for (const site of sites) {
            if (suppliedBy(site, name)) continue;
            diagnostics.push(
              createDiagnostic(
                'unsupplied-required-parameter',
                site.pointer,
                `the required ${where} parameter \`${name}\` of \`${site.target}\` gets no value from this caller; add \`${name}\` to its \`inputParameters\`, or set \`${name}\` in its \`with\` (or give the parameter a \`value\`)`,
              ),
            );
          }
        }
      }
    }
  }
  return diagnostics;
}

export interface CheckAppendedPathParametersOptions {
  index: CapabilityIndex;
  dialect: 'compatible' | 'official';
}

/**
 * An `in: path` parameter whose placeholder the path lacks: the community generator puts item
 * operations on the collection resource (`DELETE /items` with an `id` path parameter). The
 * official engine drops it (the request goes to the whole collection), so it is an error there;
 * the compatible dialect appends such parameters as trailing segments in declared order (what
 * those files mean) and says so, showing the resulting path.
 */
export function checkAppendedPathParameters({
  index,
  dialect,
}: CheckAppendedPathParametersOptions): RuleDiagnostic[] {
  const diagnostics: RuleDiagnostic[] = [];
  for (const consumes of index.consumes) {
    if (consumes.unresolvedImport) continue;
    const adapter = consumes.entry;
    for (const { item: resource, pointer: resourcePointer } of dictItems(
      adapter,
      'resources',
      consumes.pointer,
    )) {
      const path = asString(resource.path);
      if (path === undefined) continue;
      const placeholders = new Set(placeholderNames(path));
      for (const { item: operation, pointer: operationPointer } of dictItems(
        resource,
        'operations',
        resourcePointer,
      )) {
        const appended = [
          ...pathParameters([
            [adapter, consumes.pointer],
            [resource, resourcePointer],
            [operation, operationPointer],
          ]).values(),
        ].filter((parameter) => !placeholders.has(parameter.name));
        const first = appended[0];
        if (first === undefined) continue;
        const method = asString(operation.method) ?? 'GET';
        const names = appended.map((parameter) => `\`${parameter.name}\``).join(', ');
        const official = `${path.replace(/\/+$/, '')}${appended.map((parameter) => `/{{${parameter.name}}}`).join('')}`;
        diagnostics.push(
          dialect === 'compatible'
            ? createDiagnostic(
                'community-path-parameter-appended',
                first.pointer,
                `${names} ${appended.length === 1 ? 'is an `in: path` parameter' : 'are `in: path` parameters'} without a placeholder in \`${path}\`, a community construct: the request goes to \`${method} ${official}\`. The official form puts ${appended.length === 1 ? 'it' : 'them'} in the path: a resource with \`path: ${official}\` for this operation`,
              )
            : createDiagnostic(
                'path-parameter-not-in-path',
                first.pointer,
                `${names} ${appended.length === 1 ? 'is an `in: path` parameter' : 'are `in: path` parameters'} but \`${path}\` has no placeholder for ${appended.length === 1 ? 'it' : 'them'}, so the request would go to \`${method} ${path}\` without ${appended.length === 1 ? 'it' : 'them'}; put ${appended.length === 1 ? 'it' : 'them'} in the path: a resource with \`path: ${official}\` for this operation`,
              ),
        );
      }
    }
  }
  return diagnostics;
}

interface PathParameter {
  name: string;
  value?: unknown;
  pointer: string;
}

/** `in: path` parameters of an operation: adapter, resource, then operation level (later wins). */
function pathParameters(owners: ReadonlyArray<readonly [Dict, string]>): Map<string, PathParameter> {
  const found = new Map<string, PathParameter>();
  for (const [owner, pointer] of owners) {
    for (const { item, pointer: parameterPointer } of dictItems(owner, 'inputParameters', pointer)) {
      const name = asString(item.name);
      if (item.in !== 'path' || name === undefined) continue;
      found.delete(name);
      found.set(name, { name, value: item.value, pointer: joinPointer(parameterPointer, 'in') });
    }
  }
  return found;
}

/** `required: true` parameters outside the path without a `value`: (name, location) pairs. */
function requiredParameters(adapter: Dict, resource: Dict, operation: Dict): Map<string, string> {
  const found = new Map<string, string>();
  for (const owner of [adapter, resource, operation]) {
    for (const { item } of dictItems(owner, 'inputParameters', '')) {
      const name = asString(item.name);
      const where = asString(item.in);
      if (name === undefined || where === undefined || where === 'path') continue;
      found.delete(name);
      if (item.required === true && item.value === undefined && where !== 'environment')
        found.set(name, where);
    }
  }
  return found;
}

function isBound(index: CapabilityIndex, name: string): boolean {
  if (index.bindVariables.has(name)) return true;
  const dot = name.indexOf('.');
  // `{{env.X}}` and values of earlier steps (`{{step.id}}`) come from the context, not a caller.
  return dot > 0;
}

function suppliedBy(site: CallSite, name: string): boolean {
  if (site.with !== undefined && Object.hasOwn(site.with, name)) return true;
  // A caller that declares no arguments passes the call's parameters through and advertises them.
  return !site.unit.declaresInputParameters || site.unit.argumentNames.has(name);
}
