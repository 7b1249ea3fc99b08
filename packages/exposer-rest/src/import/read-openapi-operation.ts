import type { Diagnostic } from '@naftiko/spec';
import type {
  ImportedMethod,
  OpenApiBodyModel,
  OpenApiOperationModel,
  OpenApiParameterModel,
} from './openapi-model.js';
import { isRecord, resolveLocalRef } from './resolve-local-ref.js';
import { toParameterType } from './to-parameter-type.js';

/** Options of {@link readOpenApiOperation}. */
export interface ReadOpenApiOperationOptions {
  root: Record<string, unknown>;
  version: '2.0' | '3.0' | '3.1';
  method: ImportedMethod;
  path: string;
  operation: Record<string, unknown>;
  /** Parameters declared on the path item, overridden by the operation's own. */
  pathParameters: unknown[];
  pointer: string;
  diagnostics: Diagnostic[];
  file?: string;
}

// OpenAPI 3 says these header parameters are ignored: the body type and the credentials are
// the engine's business (content type from the body, authentication from `consumes`).
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json(?:\s*;.*)?$/i;

/** Reads one operation of a path item into the import model, reporting what it leaves out. */
export function readOpenApiOperation(options: ReadOpenApiOperationOptions): OpenApiOperationModel {
  const { root, operation, pointer } = options;
  const parameters: OpenApiParameterModel[] = [];
  const byKey = new Map<string, number>();
  let body: OpenApiBodyModel | undefined;

  const declared = [
    ...options.pathParameters.map((value, index) => ({
      value,
      base: `${pathItemPointer(pointer)}/parameters/${index}`,
    })),
    ...(Array.isArray(operation.parameters) ? operation.parameters : []).map((value, index) => ({
      value,
      base: `${pointer}/parameters/${index}`,
    })),
  ];
  for (const { value, base } of declared) {
    const resolved = resolveLocalRef(root, value, base);
    if (resolved.problem)
      report(
        options,
        'openapi-unresolved-ref',
        'warning',
        base,
        `${resolved.problem}; the parameter is left out.`,
      );
    const parameter = resolved.value;
    if (!isRecord(parameter) || typeof parameter.name !== 'string' || typeof parameter.in !== 'string')
      continue;
    if (parameter.in === 'body') {
      body = readSwaggerBody(options, parameter, resolved.pointer);
      continue;
    }
    if (parameter.in === 'formData') {
      report(
        options,
        'openapi-body-unsupported',
        'warning',
        resolved.pointer,
        `form field '${parameter.name}' is left out: import maps JSON request bodies only; add a \`body\` template by hand for form posts.`,
      );
      continue;
    }
    if (!['path', 'query', 'header', 'cookie'].includes(parameter.in)) continue;
    if (parameter.in === 'header' && IGNORED_HEADERS.has(parameter.name.toLowerCase())) continue;
    const model: OpenApiParameterModel = {
      name: parameter.name,
      in: parameter.in as OpenApiParameterModel['in'],
      required: parameter.in === 'path' || parameter.required === true,
      type: toParameterType(
        root,
        options.version === '2.0' ? parameter : parameterSchema(parameter),
        'string',
      ),
      pointer: resolved.pointer,
    };
    if (typeof parameter.description === 'string') model.description = parameter.description;
    const key = `${model.in}:${model.name}`;
    const existing = byKey.get(key);
    if (existing === undefined) {
      byKey.set(key, parameters.length);
      parameters.push(model);
    } else {
      parameters[existing] = model;
    }
  }
  // A placeholder with no declared parameter (common in hand-written documents) still needs a
  // value: add it as a required string, and say so.
  for (const match of options.path.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1] as string;
    if (parameters.some((parameter) => parameter.in === 'path' && parameter.name === name)) continue;
    parameters.push({ name, in: 'path', required: true, type: 'string', pointer });
    report(
      options,
      'openapi-parameter-added',
      'warning',
      pointer,
      `path placeholder {${name}} has no declared parameter; it is imported as a required string.`,
    );
  }
  if (options.version !== '2.0' && operation.requestBody !== undefined) {
    body = readRequestBody(options, operation.requestBody, `${pointer}/requestBody`);
  }

  const model: OpenApiOperationModel = { method: options.method, path: options.path, parameters, pointer };
  if (typeof operation.operationId === 'string') model.operationId = operation.operationId;
  if (typeof operation.summary === 'string') model.summary = operation.summary;
  if (typeof operation.description === 'string') model.description = operation.description;
  if (body) model.body = body;
  return model;
}

function parameterSchema(parameter: Record<string, unknown>): unknown {
  if (parameter.schema !== undefined) return parameter.schema;
  // A parameter may carry its schema under `content` instead (one media type).
  if (isRecord(parameter.content)) {
    const first = Object.values(parameter.content)[0];
    if (isRecord(first)) return first.schema;
  }
  return undefined;
}

function readSwaggerBody(
  options: ReadOpenApiOperationOptions,
  parameter: Record<string, unknown>,
  pointer: string,
): OpenApiBodyModel | undefined {
  const consumes = options.operation.consumes ?? options.root.consumes;
  const mediaTypes = Array.isArray(consumes) ? consumes.filter((entry) => typeof entry === 'string') : [];
  if (mediaTypes.length > 0 && !mediaTypes.some((type) => JSON_MEDIA.test(type))) {
    report(
      options,
      'openapi-body-unsupported',
      'warning',
      pointer,
      `the request body (${mediaTypes.join(', ')}) is left out: import maps JSON request bodies only.`,
    );
    return undefined;
  }
  const body: OpenApiBodyModel = {
    required: parameter.required === true,
    type: toParameterType(options.root, parameter.schema, 'object'),
    pointer,
  };
  if (typeof parameter.description === 'string') body.description = parameter.description;
  return body;
}

function readRequestBody(
  options: ReadOpenApiOperationOptions,
  value: unknown,
  base: string,
): OpenApiBodyModel | undefined {
  const resolved = resolveLocalRef(options.root, value, base);
  if (resolved.problem) {
    report(
      options,
      'openapi-unresolved-ref',
      'warning',
      base,
      `${resolved.problem}; the request body is left out.`,
    );
    return undefined;
  }
  const requestBody = resolved.value;
  if (!isRecord(requestBody) || !isRecord(requestBody.content)) return undefined;
  const mediaTypes = Object.keys(requestBody.content);
  const json = mediaTypes.find((type) => JSON_MEDIA.test(type));
  if (json === undefined) {
    report(
      options,
      'openapi-body-unsupported',
      'warning',
      resolved.pointer,
      `the request body (${mediaTypes.join(', ') || 'no media type'}) is left out: import maps JSON request bodies only.`,
    );
    return undefined;
  }
  const media = requestBody.content[json];
  const body: OpenApiBodyModel = {
    required: requestBody.required === true,
    type: toParameterType(options.root, isRecord(media) ? media.schema : undefined, 'object'),
    pointer: resolved.pointer,
  };
  if (typeof requestBody.description === 'string') body.description = requestBody.description;
  return body;
}

function pathItemPointer(operationPointer: string): string {
  return operationPointer.slice(0, operationPointer.lastIndexOf('/'));
}

function report(
  options: ReadOpenApiOperationOptions,
  code: string,
  severity: Diagnostic['severity'],
  pointer: string,
  message: string,
): void {
  const diagnostic: Diagnostic = {
    code,
    severity,
    message: `${options.method} ${options.path}: ${message}`,
    pointer,
  };
  if (options.file !== undefined) diagnostic.file = options.file;
  options.diagnostics.push(diagnostic);
}
