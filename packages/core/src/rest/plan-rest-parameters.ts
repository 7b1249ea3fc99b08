import type { ExposedInputParameterSpec } from '@naftiko/spec';
import { NaftikoError } from '../errors.js';
import type { JsonSchema } from '../extension.js';

export type RestParameterLocation = 'path' | 'query' | 'header' | 'cookie' | 'body';

/** One argument a REST route reads from the request. */
export interface PlannedRestParameter {
  name: string;
  in: RestParameterLocation;
  /** JSON Schema type; absent when the argument is untyped (any text). */
  type?: string;
  required: boolean;
  description?: string;
  pattern?: string;
  /** A body argument read from this JSONPath of the body (`$.a.b`) rather than a field of its name. */
  bodyPath?: string;
  /**
   * Path only: argument names the value is passed as too. A derived argument that differs from
   * the placeholder in case only (route `{taskid}`, `with: rest.taskId`) is that placeholder.
   */
  aliases?: string[];
}

/** What a REST route accepts: the one plan the server, the OpenAPI export, SKILL.md and validate use. */
export interface RestParameterPlan {
  /** Path placeholders in route order, then the other arguments in declared (or schema) order. */
  readonly parameters: readonly PlannedRestParameter[];
  /** Declared parameters whose `value` the capability fixes (a template): no caller sets them. */
  readonly fixed: readonly ExposedInputParameterSpec[];
  /** The one object or array body argument that receives the whole JSON body. */
  readonly wholeBody?: string;
}

export interface PlanRestParametersOptions {
  method: string;
  /** The exposed resource path (`{x}` and `{{x}}` placeholders). */
  path: string;
  /** Declared resource-level then operation-level parameters (a later name + location wins). */
  parameters: readonly ExposedInputParameterSpec[];
  /** The action's input schema: without declared parameters, the arguments come from it. */
  inputSchema: JsonSchema;
  /** `rest "ns" GET /path`, for errors. */
  place: string;
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}|\{([^{}]+)\}/g;
// Methods whose requests carry no body: their arguments come from the path and the query only.
const NO_BODY = new Set(['GET', 'DELETE', 'HEAD']);

/**
 * Lays out where each argument of a REST route comes from. Declared `inputParameters` win; a
 * route that declares none takes the arguments its action derives (from `with`): path
 * placeholders from the path, the rest from the query for GET and DELETE and from the JSON body
 * otherwise. GET and DELETE never read a body: a declared `in: body` parameter is read from the
 * query there. A declared `in: path` parameter without a placeholder is an ACTION_INVALID error.
 */
export function planRestParameters(options: PlanRestParametersOptions): RestParameterPlan {
  const { method, path, inputSchema, place } = options;
  const merged = new Map<string, ExposedInputParameterSpec>();
  for (const parameter of options.parameters) merged.set(`${parameter.in}:${parameter.name}`, parameter);
  const declared = [...merged.values()];
  const noBody = NO_BODY.has(method.toUpperCase());
  const placeholders = [
    ...new Set([...path.matchAll(PLACEHOLDER)].map((match) => (match[1] ?? match[2]) as string)),
  ];
  const properties = inputSchema.properties ?? {};
  const required = new Set(inputSchema.required ?? []);

  const parameters: PlannedRestParameter[] = placeholders.map((name) => {
    const spec = declared.find((parameter) => parameter.in === 'path' && parameter.name === name);
    const type = spec?.type ?? schemaType(properties[name]) ?? 'string';
    const description = spec?.description ?? properties[name]?.description;
    return {
      name,
      in: 'path',
      type,
      required: true,
      ...(description ? { description } : {}),
      ...(spec?.pattern !== undefined && type === 'string' ? { pattern: spec.pattern } : {}),
    };
  });
  const fixed: ExposedInputParameterSpec[] = [];

  if (declared.length > 0) {
    for (const parameter of declared) {
      const where = `${place} parameter '${parameter.name}' (${parameter.in})`;
      if (parameter.value !== undefined && !(parameter.in === 'body' && parameter.value.startsWith('$'))) {
        fixed.push(parameter);
        continue;
      }
      if (parameter.in === 'path') {
        if (!placeholders.includes(parameter.name)) {
          throw new NaftikoError(
            'ACTION_INVALID',
            `${where}: the resource path has no {${parameter.name}} placeholder; add it to the path or declare the parameter elsewhere`,
            { data: { place: where, parameter: parameter.name } },
          );
        }
        continue;
      }
      const location = parameter.in === 'body' && noBody ? 'query' : parameter.in;
      parameters.push({
        name: parameter.name,
        in: location,
        type: parameter.type,
        required: required.has(parameter.name),
        ...(parameter.description ? { description: parameter.description } : {}),
        ...(parameter.pattern !== undefined && parameter.type === 'string'
          ? { pattern: parameter.pattern }
          : {}),
        ...(location === 'body' && parameter.value !== undefined ? { bodyPath: parameter.value } : {}),
      });
    }
  } else {
    for (const [name, property] of Object.entries(properties)) {
      if (placeholders.includes(name)) continue;
      const same = parameters.find(
        (parameter) => parameter.in === 'path' && looseName(parameter.name) === looseName(name),
      );
      if (same !== undefined) {
        same.aliases = [...(same.aliases ?? []), name];
        continue;
      }
      const type = schemaType(property);
      parameters.push({
        name,
        in: noBody ? 'query' : 'body',
        ...(type === undefined ? {} : { type }),
        required: required.has(name),
        ...(property.description ? { description: property.description } : {}),
      });
    }
  }

  const bodies = parameters.filter(
    (parameter) => parameter.in === 'body' && parameter.bodyPath === undefined,
  );
  const whole =
    bodies.length === 1 && ['object', 'array'].includes(bodies[0]?.type ?? '') ? bodies[0]?.name : undefined;
  return { parameters, fixed, ...(whole === undefined ? {} : { wholeBody: whole }) };
}

/**
 * A route placeholder and an argument are one value when their names differ only in letter case
 * or word separators: generated REST paths say `{taskid}` or `{account-id}` for the consumed
 * `taskId` or `account_id`.
 */
function looseName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

function schemaType(schema: JsonSchema | undefined): string | undefined {
  return typeof schema?.type === 'string' ? schema.type : undefined;
}
