import {
  type BindingValues,
  type CompileTemplate,
  compileJsonPath,
  createTemplateContext,
  NaftikoError,
  type PlannedRestParameter,
  type RestParameterPlan,
} from '@naftiko/core';
import type { FastifyRequest, FastifySchema, FastifySchemaValidationError } from 'fastify';
import { parseCookies } from './parse-cookies.js';
import type { RoutePath } from './to-route-path.js';

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie' | 'body';

/** One bad parameter of a request, as the 400 problem lists it. */
export interface ParameterIssue {
  name: string;
  in: ParameterLocation;
  detail: string;
}

export type SchemaPart = 'params' | 'body' | 'querystring' | 'headers';

/** Options of {@link buildOperationInput}. */
export interface BuildOperationInputOptions {
  /** Where each argument comes from: core's plan, shared with the OpenAPI export and SKILL.md. */
  plan: RestParameterPlan;
  route: RoutePath;
  compileTemplate: CompileTemplate;
  bindings: BindingValues;
  exposeNamespace: string;
  /** `rest "ns" GET /path`, for load-time errors. */
  place: string;
}

/** How an operation reads its arguments: the fastify schema plus the readers behind it. */
export interface OperationInput {
  readonly schema: FastifySchema;
  /** True when the body schema accepts `null`, so a missing body must be turned into null. */
  readonly optionalBody: boolean;
  /** The validated request as action arguments, keyed by parameter name. */
  read(request: FastifyRequest): Record<string, unknown>;
  /** Cookies are not covered by fastify schemas; checked by hand with the same rules. */
  checkCookies(request: FastifyRequest): ParameterIssue[];
  /** Names the parameter behind each schema error of one part. */
  describe(part: SchemaPart, errors: readonly FastifySchemaValidationError[]): ParameterIssue[];
}

interface JsonSchema {
  type?: string | string[];
  [keyword: string]: unknown;
}

type Reader = (request: FastifyRequest, body: unknown) => unknown;

/**
 * Compiles an operation's parameter plan once, at load: one fastify schema per request part (so
 * fastify's precompiled validators check types and `pattern`s and coerce query/header/path
 * strings) and one reader per argument. Body rules: the plan's whole-body argument receives the
 * whole JSON body; otherwise each body argument is the body field of the same name, or the
 * JSONPath in its `bodyPath`. A fixed `value` (a template over bindings and the other arguments)
 * is rendered here; the client cannot set it.
 */
export function buildOperationInput(options: BuildOperationInputOptions): OperationInput {
  const { route, place, plan } = options;

  const params = objectSchema();
  const query = objectSchema();
  const headers = objectSchema();
  const readers: Array<{ name: string; read: Reader }> = [];
  const fixed: Array<{ name: string; render: (args: Record<string, unknown>) => unknown }> = [];
  const cookieChecks: Array<{ parameter: PlannedRestParameter; check: (value: string) => unknown }> = [];
  const routeKeyToName = new Map<string, string>();
  for (const [name, key] of route.parameters) routeKeyToName.set(key, name);
  const headerToName = new Map<string, string>();
  const wholeBody = plan.parameters.find(
    (parameter) => parameter.in === 'body' && parameter.name === plan.wholeBody,
  );
  let bodySchema: JsonSchema | undefined;

  for (const parameter of plan.fixed) {
    const where = `${place} parameter '${parameter.name}' (${parameter.in})`;
    const template = options.compileTemplate(parameter.value as string, { place: `${where} value` });
    const render = template.isStatic
      ? () => template.source
      : (args: Record<string, unknown>) =>
          template.render(
            createTemplateContext({
              bindings: options.bindings,
              parameters: args,
              arguments: args,
              argumentNamespaces: [options.exposeNamespace],
            }),
          );
    fixed.push({ name: parameter.name, render });
  }

  for (const parameter of plan.parameters) {
    const where = `${place} parameter '${parameter.name}' (${parameter.in})`;
    if (parameter.pattern !== undefined) checkPattern(parameter.pattern, where);
    const schema = toSchema(parameter);
    switch (parameter.in) {
      case 'path': {
        const key = route.parameters.get(parameter.name) as string;
        if (parameter.type === 'string') schema.minLength = 1;
        params.properties[key] = schema;
        for (const name of [parameter.name, ...(parameter.aliases ?? [])]) {
          readers.push({ name, read: (request) => (request.params as Record<string, unknown>)[key] });
        }
        break;
      }
      case 'query':
        query.properties[parameter.name] = schema;
        readers.push({
          name: parameter.name,
          read: (request) => (request.query as Record<string, unknown>)[parameter.name],
        });
        break;
      case 'header': {
        const lower = parameter.name.toLowerCase();
        headers.properties[lower] = schema;
        headerToName.set(lower, parameter.name);
        readers.push({ name: parameter.name, read: (request) => request.headers[lower] });
        break;
      }
      case 'cookie': {
        const check = createScalarCheck(parameter);
        cookieChecks.push({ parameter, check });
        readers.push({
          name: parameter.name,
          read: (request) => {
            const raw = parseCookies(request.headers.cookie)[parameter.name];
            return raw === undefined ? undefined : check(raw);
          },
        });
        break;
      }
      case 'body': {
        if (parameter === wholeBody) {
          bodySchema = { ...schema, type: [parameter.type as string, 'null'] };
          readers.push({
            name: parameter.name,
            read: (_request, body) => (body === null ? undefined : body),
          });
        } else if (parameter.bodyPath !== undefined) {
          const path = compileJsonPath(parameter.bodyPath, { place: `${where} value` });
          if (!path.definite) {
            throw new NaftikoError(
              'ACTION_INVALID',
              `${where} value: JSONPath '${path.source}' selects several values; a body parameter takes one, such as '$.items[0].id'`,
              { data: { place: `${where} value`, expression: path.source } },
            );
          }
          // A definite path gives null when absent: the argument is then missing.
          readers.push({ name: parameter.name, read: (_request, body) => path.evaluate(body) ?? undefined });
        } else {
          bodySchema ??= { type: ['object', 'null'], properties: {} };
          (bodySchema.properties as Record<string, JsonSchema>)[parameter.name] = schema;
          readers.push({
            name: parameter.name,
            read: (_request, body) =>
              typeof body === 'object' && body !== null && Object.hasOwn(body, parameter.name)
                ? (body as Record<string, unknown>)[parameter.name]
                : undefined,
          });
        }
        break;
      }
    }
  }
  params.required = Object.keys(params.properties);

  const schema: FastifySchema = {};
  if (Object.keys(params.properties).length > 0) schema.params = params;
  if (Object.keys(query.properties).length > 0) schema.querystring = query;
  if (Object.keys(headers.properties).length > 0) schema.headers = headers;
  if (bodySchema) schema.body = bodySchema;

  return {
    schema,
    optionalBody: bodySchema !== undefined,
    read(request) {
      const args: Record<string, unknown> = {};
      const body = request.body;
      for (const { name, read } of readers) {
        const value = read(request, body);
        if (value !== undefined) args[name] = value;
      }
      for (const { name, render } of fixed) args[name] = render(args);
      return args;
    },
    checkCookies(request) {
      if (cookieChecks.length === 0) return [];
      const cookies = parseCookies(request.headers.cookie);
      const issues: ParameterIssue[] = [];
      for (const { parameter, check } of cookieChecks) {
        const raw = cookies[parameter.name];
        if (raw === undefined) continue;
        const problem = check(raw);
        if (problem instanceof ScalarProblem)
          issues.push({ name: parameter.name, in: 'cookie', detail: problem.message });
      }
      return issues;
    },
    describe(part, errors) {
      const issues: ParameterIssue[] = [];
      for (const error of errors) {
        const key = errorKey(error);
        let name: string;
        let location: ParameterLocation;
        if (part === 'params') {
          name = routeKeyToName.get(key) ?? key;
          location = 'path';
        } else if (part === 'querystring') {
          name = key;
          location = 'query';
        } else if (part === 'headers') {
          name = headerToName.get(key) ?? key;
          location = 'header';
        } else {
          name = wholeBody ? wholeBody.name : key || 'body';
          location = 'body';
        }
        const detail = describeError(error, wholeBody !== undefined && part === 'body');
        if (
          !issues.some((issue) => issue.name === name && issue.in === location && issue.detail === detail)
        ) {
          issues.push({ name, in: location, detail });
        }
      }
      return issues;
    },
  };
}

function objectSchema(): { type: 'object'; properties: Record<string, JsonSchema>; required?: string[] } {
  return { type: 'object', properties: {} };
}

function toSchema(parameter: PlannedRestParameter): JsonSchema {
  const schema: JsonSchema = parameter.type === undefined ? {} : { type: parameter.type };
  if (parameter.pattern !== undefined && parameter.type === 'string') schema.pattern = parameter.pattern;
  return schema;
}

function checkPattern(pattern: string, where: string): void {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    throw new NaftikoError(
      'ACTION_INVALID',
      `${where}: pattern ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message})`,
      {
        data: { place: where },
      },
    );
  }
}

// The parameter an error is about: the first step of its instance path, or the property a
// `required` error names.
function errorKey(error: FastifySchemaValidationError): string {
  const path = error.instancePath;
  if (path === '' || path === undefined) {
    const missing = error.params?.missingProperty;
    return typeof missing === 'string' ? missing : '';
  }
  const first = path.slice(1).split('/')[0] ?? '';
  return first.replaceAll('~1', '/').replaceAll('~0', '~');
}

function describeError(error: FastifySchemaValidationError, whole: boolean): string {
  const message = error.message ?? `fails ${error.keyword}`;
  if (error.keyword === 'required') return 'is required';
  // Inside a whole-body parameter the position matters (`/events/0/type must be string`).
  if (whole && error.instancePath) return `${error.instancePath} ${message}`;
  const depth = error.instancePath.split('/').length - 1;
  return depth > 1 ? `${error.instancePath.slice(error.instancePath.indexOf('/', 1))} ${message}` : message;
}

class ScalarProblem {
  constructor(readonly message: string) {}
}

// Cookie values are text; coerce them as fastify coerces query strings, then apply `pattern`.
function createScalarCheck(parameter: PlannedRestParameter): (raw: string) => unknown {
  const pattern = parameter.pattern !== undefined ? new RegExp(parameter.pattern, 'u') : undefined;
  return (raw) => {
    switch (parameter.type) {
      case 'integer':
      case 'number': {
        const value = raw.trim() === '' ? Number.NaN : Number(raw);
        if (!Number.isFinite(value) || (parameter.type === 'integer' && !Number.isInteger(value))) {
          return new ScalarProblem(`must be ${parameter.type}`);
        }
        return value;
      }
      case 'boolean':
        if (raw === 'true') return true;
        if (raw === 'false') return false;
        return new ScalarProblem('must be boolean');
      case 'string':
        if (pattern && !pattern.test(raw))
          return new ScalarProblem(`must match pattern "${parameter.pattern}"`);
        return raw;
      default:
        return raw;
    }
  };
}
