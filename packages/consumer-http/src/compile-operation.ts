import {
  type CompileTemplate,
  type ConsumerCreateOptions,
  type ConsumerRequest,
  lookupPath,
  NaftikoError,
  type Template,
  type TemplateContext,
} from '@naftiko/core';
import { checkHeader } from './check-header.js';
import type { CompiledAuth } from './compile-auth.js';
import { type CompiledBody, compileBody } from './compile-body.js';
import { compilePath } from './compile-path.js';
import { encodeQueryString, type QueryEntry, stringifyScalar } from './encode-query-string.js';
import { SUPPORTED_RAW_FORMATS } from './parse-response-body.js';

export type ConsumesHttpSpec = ConsumerCreateOptions['consumes'];
export type ConsumedHttpResourceSpec = NonNullable<ConsumesHttpSpec['resources']>[number];
export type ConsumedHttpOperationSpec = ConsumedHttpResourceSpec['operations'][number];
export type ConsumedInputParameterSpec = NonNullable<ConsumedHttpOperationSpec['inputParameters']>[number];

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
  build(request: ConsumerRequest): Promise<BuiltRequest>;
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

interface CompiledParameter {
  name: string;
  in: ConsumedInputParameterSpec['in'];
  required: boolean;
  value?: Template;
}

/**
 * Compiles one consumed operation into a request builder: the path, parameter templates, header
 * list and body are prepared here, once; `build` only looks values up. Parameters merge adapter,
 * resource, then operation level (same name and location: the later wins).
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
  const merged = new Map<string, ConsumedInputParameterSpec>();
  for (const list of [consumes.inputParameters, resource.inputParameters, operation.inputParameters]) {
    for (const parameter of list ?? []) {
      const name = parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
      merged.delete(`${parameter.in}:${name}`); // re-insert so the order follows precedence
      merged.set(`${parameter.in}:${name}`, parameter);
    }
  }
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

  const resourcePath = resource.path.startsWith('/') ? resource.path : `/${resource.path}`;
  const path = compilePath({ path: `${basePath}${resourcePath}`, operation: target });
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

  const missingRequired = (parameter: CompiledParameter) =>
    new NaftikoError(
      'REQUEST_INVALID',
      `${target}: the required ${parameter.in} parameter '${parameter.name}' is missing; pass it as an argument`,
      { data: { operation: target, parameter: parameter.name } },
    );

  return {
    target,
    method: operation.method ?? 'GET',
    format,
    async build(request) {
      const values = request.parameters;
      let context = request.templateContext;
      if (environmentParameters.length > 0) {
        // A layer over the context, not a copy: the bindings are inherited (createTemplateContext).
        context = Object.create(context) as TemplateContext;
        for (const parameter of environmentParameters) {
          context[parameter.name] = resolveValue(parameter, context, values, env, bindingsFlat);
        }
      }
      for (const parameter of requiredParameters) {
        const value = resolveValue(parameter, context, values, env, bindingsFlat);
        if (value === undefined || value === null) throw missingRequired(parameter);
      }

      let requestPath = path.render((name) => {
        const declared = pathParameters.get(name);
        if (declared !== undefined) return resolveValue(declared, context, values, env, bindingsFlat);
        const value = values[name];
        return value !== undefined ? value : lookupPath(context, name.split('.'));
      });
      const query: QueryEntry[] = queryParameters.map((parameter) => ({
        name: parameter.name,
        value: resolveValue(parameter, context, values, env, bindingsFlat),
      }));
      if (auth.type === 'query')
        query.push({ name: auth.name, value: auth.value.constant ?? auth.value.resolve(context) });
      requestPath += encodeQueryString(query);

      const headers: Record<string, string> = {};
      for (const [name, template] of staticHeaders) {
        if (template.isStatic) {
          headers[name] = template.source;
          continue;
        }
        const report = template.renderReport(context);
        if (report.missing.length > 0) continue; // an optional header whose variable is unset
        checkHeader({ operation: target, name, value: report.text });
        headers[name] = report.text;
      }
      for (const parameter of headerParameters) {
        const value = resolveValue(parameter, context, values, env, bindingsFlat);
        if (value === undefined || value === null) continue;
        const text = Array.isArray(value) ? value.map(stringifyScalar).join(', ') : stringifyScalar(value);
        checkHeader({ operation: target, name: parameter.name, value: text });
        headers[parameter.name.toLowerCase()] = text;
      }
      if (cookieParameters.length > 0) {
        const cookies: string[] = [];
        for (const parameter of cookieParameters) {
          const value = resolveValue(parameter, context, values, env, bindingsFlat);
          if (value === undefined || value === null) continue;
          // Percent-encoding keeps ';', ',', spaces and quotes out of the cookie-octet range.
          cookies.push(`${parameter.name}=${encodeURIComponent(stringifyScalar(value))}`);
        }
        if (cookies.length > 0) {
          const existing = headers.cookie;
          headers.cookie = existing === undefined ? cookies.join('; ') : `${existing}; ${cookies.join('; ')}`;
        }
      }
      const built: BuiltRequest = { method: operation.method ?? 'GET', path: requestPath, headers };
      const rendered = body === undefined ? undefined : await body.render(context, values);
      if (rendered !== undefined) {
        built.body = rendered.bytes;
        // An explicit Content-Type parameter wins (the schema's documented override).
        headers['content-type'] ??= rendered.contentType;
      }
      if (auth.type === 'header') {
        const value = auth.value.constant ?? auth.value.resolve(context);
        checkHeader({ operation: target, name: auth.name, value });
        headers[auth.name] = value;
      }
      return built;
    },
  };
}

/**
 * Reference-engine order: the parameter's `value` template, then the argument of the same name,
 * then (for `in: environment`) the bound or environment variable. A `value` template whose
 * variables are unset yields undefined, which is how optional parameters drop out.
 */
function resolveValue(
  parameter: CompiledParameter,
  context: TemplateContext,
  values: Record<string, unknown>,
  env: Record<string, string | undefined>,
  bindingsFlat: Readonly<Record<string, string>>,
): unknown {
  if (parameter.value !== undefined) {
    if (parameter.value.isStatic) return parameter.value.source;
    if (parameter.value.singleVariable !== undefined)
      return parameter.value.renderValue(context) ?? undefined;
    const report = parameter.value.renderReport(context);
    return report.missing.length > 0 ? undefined : report.text;
  }
  // Never from the arguments: an environment parameter is configuration a caller must not override.
  if (parameter.in === 'environment') return bindingsFlat[parameter.name] ?? env[parameter.name];
  return values[parameter.name];
}
