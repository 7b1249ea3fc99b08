import {
  type CompileTemplate,
  type ConsumerRequest,
  lookupPath,
  NaftikoError,
  planConsumedParameters,
  type Template,
  type TemplateContext,
} from '@naftiko/core';
import type {
  ConsumedHttpOperationSpec,
  ConsumedHttpResourceSpec,
  ConsumedInputParameterSpec,
  ConsumesHttpSpec,
} from '@naftiko/spec';
import { checkHeader } from './check-header.js';
import type { CompiledAuth } from './compile-auth.js';
import { type CompiledBody, compileBody, type RenderedBody } from './compile-body.js';
import { compileHeaders } from './compile-headers.js';
import { compilePath } from './compile-path.js';
import {
  type CompiledParameter,
  type ParameterSources,
  resolveParameterValue,
} from './compiled-parameter.js';
import { encodeQueryString, type QueryEntry, stringifyScalar } from './encode-query-string.js';
import { preloadResponseParser, SUPPORTED_RAW_FORMATS } from './parse-response-body.js';

/** An outgoing request, fully built except for digest authentication. */
export interface BuiltRequest {
  method: string;
  /** Request target: base path + resource path + query. */
  path: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface CompiledOperation {
  /** `namespace.operation` */
  readonly target: string;
  readonly method: string;
  /** outputRawFormat, default json */
  readonly format: string;
  build(request: ConsumerRequest): BuiltRequest;
}

export interface CompileOperationOptions {
  consumes: ConsumesHttpSpec;
  resource: ConsumedHttpResourceSpec;
  operation: ConsumedHttpOperationSpec;
  /** The base URI's path without a trailing slash ('' for none). */
  basePath: string;
  /** Header entries rendered from the consumes `headers` map (compat), lower-cased names. */
  staticHeaders: ReadonlyArray<readonly [string, Template]>;
  auth: CompiledAuth;
  compileTemplate: CompileTemplate;
  /** Fallback for `in: environment` parameters that no bind provides. */
  env: Record<string, string | undefined>;
  bindingsFlat: Readonly<Record<string, string>>;
}

/**
 * Compiles one consumed operation into a request builder: the path, parameter templates, header
 * list and body are prepared here, once; `build` only looks values up. Parameters merge adapter,
 * resource, then operation level (same name and location: the later wins), as core's
 * `planConsumedParameters` reads them.
 */
export function compileOperation(options: CompileOperationOptions): CompiledOperation {
  const { consumes, resource, operation, basePath, staticHeaders, auth, compileTemplate, env, bindingsFlat } =
    options;
  const target = `${consumes.namespace}.${operation.name}`;
  const format = operation.outputRawFormat ?? 'json';
  if (!(SUPPORTED_RAW_FORMATS as readonly string[]).includes(format)) {
    throw new NaftikoError(
      'REQUEST_INVALID',
      `${target}: outputRawFormat '${format}' is not supported by the http consumer; use one of ${SUPPORTED_RAW_FORMATS.join(', ')}`,
      { data: { operation: target } },
    );
  }
  preloadResponseParser(format);
  const plan = planConsumedParameters({ consumes, resource, operation });
  const merged = new Map<string, ConsumedInputParameterSpec>();
  for (const parameter of plan.parameters) merged.set(`${parameter.in}:${parameter.name}`, parameter);
  const parameters: CompiledParameter[] = [...merged.values()].map((parameter) => ({
    name: parameter.name,
    in: parameter.in,
    required: parameter.in === 'path' || parameter.required === true,
    ...(parameter.value === undefined
      ? {}
      : {
          value: compileTemplate(parameter.value, {
            mode: 'text',
            place: `${target} parameter ${parameter.name}`,
          }),
        }),
  }));
  const byLocation = (location: string) => parameters.filter((parameter) => parameter.in === location);
  const pathParameters = new Map(byLocation('path').map((parameter) => [parameter.name, parameter]));
  const queryParameters = byLocation('query');
  const headerParameters = byLocation('header');
  const cookieParameters = byLocation('cookie');
  const environmentParameters = byLocation('environment');
  const requiredParameters = parameters.filter((parameter) => parameter.required && parameter.in !== 'path');

  // plan.path carries the trailing segments of `in: path` parameters the resource path lacks.
  const path = compilePath({ path: `${basePath}${plan.path}`, operation: target });
  const body: CompiledBody | undefined = compileBody({
    body: operation.body,
    bodyParameters: byLocation('body').map((parameter) => {
      const spec = merged.get(`body:${parameter.name}`);
      return {
        name: parameter.name,
        ...(spec?.type === undefined ? {} : { type: spec.type }),
        ...(spec?.value === undefined ? {} : { value: spec.value }),
      };
    }),
    operation: target,
    compileTemplate,
  });
  for (const [name, template] of staticHeaders) {
    if (template.isStatic) checkHeader({ operation: target, name, value: template.source });
  }
  for (const parameter of headerParameters) {
    checkHeader({
      operation: target,
      name: parameter.name,
      value: parameter.value?.isStatic ? parameter.value.source : '',
    });
  }
  const headers = compileHeaders({ operation: target, staticHeaders, headerParameters });
  // A constant credential is checked once here; one that fails keeps failing each call, as before.
  const authHeaderChecked =
    auth.type === 'header' &&
    auth.value.constant !== undefined &&
    isValidHeader(target, auth.name, auth.value.constant);
  // Required parameters with a fixed value are always present.
  const requiredChecks = requiredParameters.filter((parameter) => !parameter.value?.isStatic);
  const pathNames = new Map(path.variables.map((name) => [name, name.split('.')]));
  const method = operation.method ?? 'GET';

  const missingRequired = (parameter: CompiledParameter) =>
    new NaftikoError(
      'REQUEST_INVALID',
      `${target}: the required ${parameter.in} parameter '${parameter.name}' is missing; pass it as an argument`,
      { data: { operation: target, parameter: parameter.name } },
    );

  const finish = (built: BuiltRequest, rendered: RenderedBody | undefined, sources: ParameterSources) => {
    if (rendered !== undefined) {
      built.body = rendered.bytes;
      // An explicit Content-Type parameter wins (the schema's documented override).
      built.headers['content-type'] ??= rendered.contentType;
    }
    if (auth.type === 'header') {
      const value = auth.value.constant ?? auth.value.resolve(sources.context);
      if (!authHeaderChecked) checkHeader({ operation: target, name: auth.name, value });
      built.headers[auth.name] = value;
    }
    return built;
  };

  return {
    target,
    method,
    format,
    build(request) {
      const values = request.parameters;
      let context = request.templateContext;
      const sources: ParameterSources = { context, values, env, bindingsFlat };
      if (environmentParameters.length > 0) {
        // A layer over the context, not a copy: the bindings are inherited (createTemplateContext).
        context = Object.create(context) as TemplateContext;
        sources.context = context;
        for (const parameter of environmentParameters) {
          context[parameter.name] = resolveParameterValue(parameter, sources);
        }
      }
      for (const parameter of requiredChecks) {
        const value = resolveParameterValue(parameter, sources);
        if (value === undefined || value === null) throw missingRequired(parameter);
      }

      let requestPath = path.render((name) => {
        const declared = pathParameters.get(name);
        if (declared !== undefined) return resolveParameterValue(declared, sources);
        const value = values[name];
        return value !== undefined ? value : lookupPath(context, pathNames.get(name) ?? [name]);
      });
      if (queryParameters.length > 0 || auth.type === 'query') {
        const query: QueryEntry[] = queryParameters.map((parameter) => ({
          name: parameter.name,
          value: resolveParameterValue(parameter, sources),
        }));
        if (auth.type === 'query')
          query.push({ name: auth.name, value: auth.value.constant ?? auth.value.resolve(context) });
        requestPath += encodeQueryString(query);
      }

      const built: BuiltRequest = {
        method,
        path: requestPath,
        headers: headers.build((parameter) => resolveParameterValue(parameter, sources), context),
      };
      if (cookieParameters.length > 0) addCookies(built.headers, cookieParameters, sources);
      return finish(built, body?.render(context, values), sources);
    },
  };
}

function addCookies(
  headers: Record<string, string>,
  parameters: readonly CompiledParameter[],
  sources: ParameterSources,
): void {
  const cookies: string[] = [];
  for (const parameter of parameters) {
    const value = resolveParameterValue(parameter, sources);
    if (value === undefined || value === null) continue;
    // Percent-encoding keeps ';', ',', spaces and quotes out of the cookie-octet range.
    cookies.push(`${parameter.name}=${encodeURIComponent(stringifyScalar(value))}`);
  }
  if (cookies.length > 0) {
    const existing = headers.cookie;
    headers.cookie = existing === undefined ? cookies.join('; ') : `${existing}; ${cookies.join('; ')}`;
  }
}

function isValidHeader(operation: string, name: string, value: string): boolean {
  try {
    checkHeader({ operation, name, value });
    return true;
  } catch {
    return false;
  }
}
