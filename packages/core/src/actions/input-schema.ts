/**
 * The JSON Schema of an action's arguments.
 *
 * Declared `inputParameters` win: each becomes a property with its type and description
 * (plus `pattern` for REST parameters). `required` defaults to true for MCP tool / aggregate
 * parameters (the spec's default); REST parameters, which have no `required` field, are
 * required when `in: path`, and an `in: body` one when the call needs it (see feedsRequired).
 *
 * Without declared parameters (the community dialect's tools), the schema is derived from the
 * `with` references to the consumed operation's parameters: `with: { body: tools.body }` plus a
 * consumed `body` parameter `type: object, required: true` gives a required object property
 * `body`. A consumed parameter is required when it says `required: true` or sits in the path;
 * its type defaults to string for path/query/header/cookie values. Arguments only used inside
 * templates (`{{tools.x}}`) become optional, untyped properties.
 */

import type {
  ConsumedInputParameterSpec,
  ExposedInputParameterSpec,
  McpToolInputParameterSpec,
} from '@naftiko/spec';
import type { ConsumedOperationRef } from '../capability.js';
import { planConsumedParameters } from '../consumed/plan-consumed-parameters.js';
import type { JsonSchema } from '../extension.js';
import type { CompiledWith } from './compile-with.js';

export interface WithUse {
  compiled: CompiledWith;
  /** The consumed operation the `with` feeds, when it is a call. */
  operation?: ConsumedOperationRef;
  target?: string;
  /** The `with` keys: the consumed parameters the capability fixes (a call passes the others through). */
  keys?: readonly string[];
}

export interface BuildInputSchemaOptions {
  inputParameters: readonly (McpToolInputParameterSpec | ExposedInputParameterSpec)[] | undefined;
  withs: readonly WithUse[];
  /** Bind variable names: a path placeholder naming one is filled from the binds, not asked for. */
  boundVariables?: ReadonlySet<string>;
}

export function buildInputSchema({
  inputParameters,
  withs,
  boundVariables = new Set(),
}: BuildInputSchemaOptions): JsonSchema {
  if (inputParameters && inputParameters.length > 0) return declaredSchema(inputParameters, withs);
  return derivedSchema(withs, boundVariables);
}

function declaredSchema(
  parameters: readonly (McpToolInputParameterSpec | ExposedInputParameterSpec)[],
  withs: readonly WithUse[],
): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const parameter of parameters) {
    const property: JsonSchema = { type: parameter.type };
    if (parameter.description) property.description = parameter.description;
    if ('pattern' in parameter && parameter.pattern) property.pattern = parameter.pattern;
    setProperty(properties, parameter.name, property);
    const isRest = 'in' in parameter;
    const isRequired = isRest
      ? parameter.in === 'path' || (parameter.in === 'body' && feedsRequired(parameter.name, withs))
      : ((parameter as McpToolInputParameterSpec).required ?? true);
    if (isRequired && !required.includes(parameter.name)) required.push(parameter.name);
  }
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
}

/**
 * A REST body argument the call cannot go without: `with` passes it whole to a consumed parameter
 * that is required, or to the one value the consumed operation's `body` template sends.
 */
function feedsRequired(name: string, withs: readonly WithUse[]): boolean {
  for (const use of withs) {
    if (use.operation === undefined) continue;
    for (const reference of use.compiled.references) {
      if (reference.argument.length !== 1 || reference.argument[0] !== name) continue;
      const consumed = findConsumedParameter(use.operation, reference.key);
      if (consumed?.required === true || consumed?.in === 'path') return true;
      const body = use.operation.operation.body;
      if (typeof body === 'string' && WHOLE_BODY.exec(body.trim())?.[1] === reference.key) return true;
    }
  }
  return false;
}

const WHOLE_BODY = /^\{\{\{?\s*([\w.-]+)\s*\}?\}\}$/;

function derivedSchema(withs: readonly WithUse[], boundVariables: ReadonlySet<string>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const use of withs) {
    for (const reference of use.compiled.references) {
      const [name, ...rest] = reference.argument;
      if (name === undefined || Object.hasOwn(properties, name)) continue;
      if (rest.length > 0) {
        // `tools.filter.status`: only the outer object is known.
        setProperty(properties, name, { type: 'object' });
        continue;
      }
      const consumed = use.operation ? findConsumedParameter(use.operation, reference.key) : undefined;
      setProperty(properties, name, consumedParameterSchema(consumed, reference.key, use));
      if (consumed && (consumed.required === true || consumed.in === 'path')) required.push(name);
    }
    for (const [name] of use.compiled.templateArguments) {
      if (name !== undefined && !Object.hasOwn(properties, name)) setProperty(properties, name, {});
    }
    if (use.operation && use.keys) passedThrough(use, use.operation, boundVariables, properties, required);
  }
  return required.length > 0 ? { type: 'object', properties, required } : { type: 'object', properties };
}

/**
 * A call copies the arguments into the consumed parameters before `with` overrides them, so every
 * consumed parameter `with` does not fix is the caller's to give: it is advertised under its own
 * name (a tool that says nothing about its arguments must not fail with "required parameter
 * missing" for one its schema never asked for). Not advertised: values the capability fixes
 * (`value`), `in: environment` configuration, and path placeholders a bind or a step fills.
 */
function passedThrough(
  use: WithUse,
  operation: ConsumedOperationRef,
  boundVariables: ReadonlySet<string>,
  properties: Record<string, JsonSchema>,
  required: string[],
): void {
  const plan = planConsumedParameters(operation);
  const fixed = new Set(use.keys);
  const candidates: ConsumedInputParameterSpec[] = [...plan.parameters];
  for (const name of plan.placeholders) {
    if (!candidates.some((parameter) => parameter.in === 'path' && parameter.name === name))
      candidates.push({ name, in: 'path' });
  }
  for (const parameter of candidates) {
    const { name } = parameter;
    if (fixed.has(name) || Object.hasOwn(properties, name)) continue;
    if (parameter.value !== undefined || parameter.in === 'environment') continue;
    if (parameter.in === 'path' && (name.includes('.') || boundVariables.has(name))) continue;
    setProperty(properties, name, consumedParameterSchema(parameter, name, use));
    if (parameter.required === true || parameter.in === 'path') required.push(name);
  }
}

/**
 * An own property even for a parameter named `__proto__` (names allow underscores), which a plain
 * assignment would turn into the object's prototype: undeclared, unvalidated.
 */
function setProperty(properties: Record<string, JsonSchema>, name: string, schema: JsonSchema): void {
  Object.defineProperty(properties, name, {
    value: schema,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function consumedParameterSchema(
  consumed: ConsumedInputParameterSpec | undefined,
  key: string,
  use: WithUse,
): JsonSchema {
  const schema: JsonSchema = {};
  const type = consumed?.type ?? (consumed && consumed.in !== 'body' ? 'string' : undefined);
  if (type) schema.type = type;
  schema.description = consumed?.description ?? describeConsumed(consumed, key, use);
  return schema;
}

function describeConsumed(
  consumed: ConsumedInputParameterSpec | undefined,
  key: string,
  use: WithUse,
): string {
  const operation = use.operation?.operation;
  const of = operation?.description ?? use.target ?? 'the operation';
  if (!consumed) return `Value for "${key}" of ${of}.`;
  if (consumed.in === 'body') return `JSON request body of ${of}.`;
  return `The "${key}" ${consumed.in} parameter of ${of}.`;
}

/** Operation parameters win over resource parameters, which win over consumes-wide ones. */
export function findConsumedParameter(
  ref: ConsumedOperationRef,
  name: string,
): ConsumedInputParameterSpec | undefined {
  return (
    ref.operation.inputParameters?.find((p) => p.name === name) ??
    ref.resource.inputParameters?.find((p) => p.name === name) ??
    ref.consumes.inputParameters?.find((p) => p.name === name)
  );
}
