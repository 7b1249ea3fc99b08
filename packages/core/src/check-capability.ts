/**
 * Load-time checks that need the engine's own compilers: every action is built once (templates,
 * JSONPath, scripts, call targets, refs), every consumes template is compiled, every bind
 * location is understood. What would fail at start or on the first request is reported as a
 * diagnostic instead, with a JSON pointer to the offending object.
 */

import type { ConsumesHttpSpec, Diagnostic } from '@naftiko/spec';
import { createActionFactory } from './actions/create-action-factory.js';
import { parseBindLocation, SUPPORTED_BIND_LOCATIONS } from './binds/bind-location.js';
import { emptyBindingValues } from './binds/binding-values.js';
import type { Capability } from './capability.js';
import { isNaftikoError } from './errors.js';
import type { ActionSpec } from './extension.js';
import { createRedactor } from './redact.js';
import { planRestParameters } from './rest/plan-rest-parameters.js';
import { compileTemplate } from './template.js';

export interface CheckCapabilityOptions {
  capability: Capability;
  file?: string;
}

export function checkCapability({ capability, file }: CheckCapabilityOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (pointer: string, error: unknown) => {
    const code = isNaftikoError(error) ? error.code.toLowerCase().replace(/_/g, '-') : 'engine-check-failed';
    diagnostics.push({
      code,
      severity: 'error',
      message: error instanceof Error ? error.message : String(error),
      pointer,
      ...(file === undefined ? {} : { file }),
    });
  };
  const document = capability.document;

  const binds = [
    ...(document.binds ?? []).map((bind, i) => ({ bind, pointer: `/binds/${i}` })),
    ...(document.capability?.binds ?? []).map((bind, i) => ({ bind, pointer: `/capability/binds/${i}` })),
  ];
  for (const { bind, pointer } of binds) {
    const location = parseBindLocation(bind.location, capability.baseDir);
    if (location.kind === 'unsupported' || location.kind === 'invalid') {
      diagnostics.push({
        code: 'bind-location-unsupported',
        severity: 'error',
        message:
          location.kind === 'unsupported'
            ? `Bind "${bind.namespace}" uses the location scheme "${location.scheme}://", which naftiko cannot read. Supported: ${SUPPORTED_BIND_LOCATIONS}.`
            : `Bind "${bind.namespace}" has an invalid location "${bind.location}". Supported: ${SUPPORTED_BIND_LOCATIONS}.`,
        pointer: `${pointer}/location`,
        ...(file === undefined ? {} : { file }),
      });
    }
  }

  const consumesRoot = document.capability?.consumes ? '/capability/consumes' : '/consumes';
  capability.consumes.forEach((consumes, i) => {
    for (const { source, pointer } of consumesTemplates(consumes, `${consumesRoot}/${i}`)) {
      try {
        compileTemplate(source, { place: pointer });
      } catch (error) {
        report(pointer, error);
      }
    }
  });

  const createAction = createActionFactory({
    capability,
    consumer: () => undefined,
    bindings: () => emptyBindingValues,
    redactor: () => createRedactor({ values: [] }),
  });
  const tryAction = (spec: ActionSpec, exposeNamespace: string, name: string, pointer: string) => {
    try {
      return createAction(spec, { exposeNamespace, name });
    } catch (error) {
      report(pointerToParameter(spec, pointer, error), error);
      return undefined;
    }
  };
  capability.exposes.forEach((expose, i) => {
    const pointer = `/capability/exposes/${i}`;
    if (expose.type === 'mcp') {
      expose.tools.forEach((tool, j) => {
        tryAction(tool as ActionSpec, expose.namespace, tool.name ?? `tools[${j}]`, `${pointer}/tools/${j}`);
      });
      (expose.resources ?? []).forEach((resource, j) => {
        if (resource.call !== undefined || resource.steps !== undefined) {
          tryAction(resource as ActionSpec, expose.namespace, resource.name, `${pointer}/resources/${j}`);
        }
      });
    }
    if (expose.type === 'rest') {
      (expose.resources ?? []).forEach((resource, j) => {
        (resource.operations ?? []).forEach((operation, k) => {
          const operationPointer = `${pointer}/resources/${j}/operations/${k}`;
          const parameters = [...(resource.inputParameters ?? []), ...(operation.inputParameters ?? [])];
          const action = tryAction(
            { ...operation, ...(parameters.length > 0 ? { inputParameters: parameters } : {}) } as ActionSpec,
            expose.namespace,
            operation.name ?? `${resource.path} ${operation.method}`,
            operationPointer,
          );
          if (action === undefined) return;
          // The REST exposer reads requests with this plan; what it refuses, validate reports.
          const method = operation.method ?? 'GET';
          try {
            planRestParameters({
              method,
              path: resource.path,
              parameters,
              inputSchema: action.inputSchema,
              place: `rest "${expose.namespace}" ${method} ${resource.path}`,
            });
          } catch (error) {
            const index = isNaftikoError(error)
              ? operation.inputParameters?.findIndex((p) => p.name === error.data.parameter)
              : -1;
            report(
              index !== undefined && index >= 0
                ? `${operationPointer}/inputParameters/${index}`
                : operationPointer,
              error,
            );
          }
        });
      });
    }
  });
  capability.aggregates.forEach((aggregate, i) => {
    aggregate.functions.forEach((fn, j) => {
      tryAction(fn as ActionSpec, aggregate.namespace, fn.name, `/capability/aggregates/${i}/functions/${j}`);
    });
  });
  return diagnostics;
}

/** An invalid parameter (its `pattern`) of the action itself is reported where it is written. */
function pointerToParameter(spec: ActionSpec, pointer: string, error: unknown): string {
  if (!isNaftikoError(error, 'ACTION_INVALID') || typeof error.data.parameter !== 'string') return pointer;
  const parameters = (spec as { inputParameters?: readonly { name?: string }[] }).inputParameters ?? [];
  const index = parameters.findIndex((parameter) => parameter.name === error.data.parameter);
  return index < 0 ? pointer : `${pointer}/inputParameters/${index}/pattern`;
}

function* consumesTemplates(
  consumes: ConsumesHttpSpec,
  pointer: string,
): Generator<{ source: string; pointer: string }> {
  for (const [name, value] of Object.entries(consumes.headers ?? {})) {
    yield { source: value, pointer: `${pointer}/headers/${escapePointer(name)}` };
  }
  yield* parameterTemplates(consumes.inputParameters, `${pointer}/inputParameters`);
  for (const [field, value] of Object.entries(consumes.authentication ?? {})) {
    if (typeof value === 'string') yield { source: value, pointer: `${pointer}/authentication/${field}` };
  }
  for (const [i, resource] of (consumes.resources ?? []).entries()) {
    const resourcePointer = `${pointer}/resources/${i}`;
    yield { source: resource.path, pointer: `${resourcePointer}/path` };
    yield* parameterTemplates(resource.inputParameters, `${resourcePointer}/inputParameters`);
    for (const [j, operation] of resource.operations.entries()) {
      const operationPointer = `${resourcePointer}/operations/${j}`;
      yield* parameterTemplates(operation.inputParameters, `${operationPointer}/inputParameters`);
      yield* stringLeaves(operation.body, `${operationPointer}/body`);
    }
  }
}

function* parameterTemplates(
  parameters: readonly { value?: string }[] | undefined,
  pointer: string,
): Generator<{ source: string; pointer: string }> {
  for (const [i, parameter] of (parameters ?? []).entries()) {
    if (parameter.value !== undefined) yield { source: parameter.value, pointer: `${pointer}/${i}/value` };
  }
}

function* stringLeaves(value: unknown, pointer: string): Generator<{ source: string; pointer: string }> {
  if (typeof value === 'string') {
    yield { source: value, pointer };
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* stringLeaves(item, `${pointer}/${i}`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value))
      yield* stringLeaves(item, `${pointer}/${escapePointer(key)}`);
  }
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
