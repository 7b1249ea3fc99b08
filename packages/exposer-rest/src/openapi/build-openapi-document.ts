import type { PlannedRestParameter, RestParameterPlan } from '@naftiko/core';
import type { ExposesRestSpec, InfoSpec } from '@naftiko/spec';
import { planParametersOf } from '../plan-parameters-of.js';
import { type PlannedOperation, planRestRoutes } from '../plan-rest-routes.js';
import { type SchemaObject, toOutputSchema } from './to-output-schema.js';

/** Options of {@link buildOpenApiDocument}. */
export interface BuildOpenApiDocumentOptions {
  expose: ExposesRestSpec;
  /** The capability's `info`: title and description of the document. */
  info?: InfoSpec;
  /** `servers[0].url`; default '/', i.e. wherever the document itself is served from. */
  serverUrl?: string;
  /** Tells which operations answer with server-sent events (the engine knows; an export may not). */
  isStreaming?: (operation: PlannedOperation) => boolean;
  /**
   * Where each operation's arguments come from: core's plan over the operation's action (see
   * `planParametersOf`), the same the server reads requests with. Default: the declared
   * parameters only (a route that declares none then lists only its path placeholders).
   */
  planParameters?: (operation: PlannedOperation) => RestParameterPlan;
  /**
   * The `outputParameters` of the consumed operation an operation calls, which describe its
   * answer when the operation declares none of its own (without either the response has no schema).
   */
  consumedOutputs?: (operation: PlannedOperation) => readonly unknown[] | undefined;
}

const PROBLEM_REF = { $ref: '#/components/responses/Problem' };
// Header parameters OpenAPI says to ignore: they are described by other parts of the document.
const RESERVED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * The OpenAPI 3.1 description of one rest expose: a path per resource, an operation per method
 * with its parameters (types and patterns as validated at runtime), request body, result shape
 * and the problem+json errors the exposer answers with. Forward resources appear as one
 * templated sub-path, since OpenAPI has no wildcard.
 */
export function buildOpenApiDocument(options: BuildOpenApiDocumentOptions): Record<string, unknown> {
  const { expose, info } = options;
  const plan = planRestRoutes(expose);
  const paths: Record<string, Record<string, unknown>> = {};
  const securityScheme = inferSecurityScheme(expose);

  for (const planned of plan.operations) {
    const item = paths[planned.route.openApiPath] ?? {};
    paths[planned.route.openApiPath] = item;
    item[planned.method.toLowerCase()] = describeOperation(
      planned,
      options.planParameters?.(planned) ?? planParametersOf(planned, { inputSchema: {} }),
      options.isStreaming?.(planned) ?? false,
      securityScheme !== undefined,
      options.consumedOutputs?.(planned),
    );
  }
  for (const forward of plan.forwards) {
    const path = `${forward.prefix}/{forwardedPath}`;
    const item: Record<string, unknown> = {
      description: `Forwarded as is to the consumed API '${forward.forward.targetNamespace}': any sub-path, method and body.`,
      parameters: [
        {
          name: 'forwardedPath',
          in: 'path',
          required: true,
          description: 'The rest of the URL, passed upstream.',
          schema: { type: 'string' },
        },
      ],
    };
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      item[method] = {
        operationId: `forward-${forward.forward.targetNamespace}-${method}${forward.prefix.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-$/, '')}`,
        summary: `${method.toUpperCase()} forwarded to ${forward.forward.targetNamespace}`,
        responses: {
          default: { description: 'The upstream response, status, headers and body unchanged.' },
          502: PROBLEM_REF,
          504: PROBLEM_REF,
        },
      };
    }
    paths[path] = { ...paths[path], ...item };
  }

  const title = info?.label ?? expose.namespace;
  const description = expose.description ?? info?.description;
  const document: Record<string, unknown> = {
    openapi: '3.1.0',
    info: {
      title,
      version: info?.modified ?? info?.created ?? '1.0.0',
      ...(description ? { description } : {}),
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    paths,
    components: {
      schemas: {
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details.',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            requestId: { type: 'string', description: 'Also in the x-request-id response header.' },
            errorType: { type: 'string', description: "The upstream API's error type, when it gave one." },
            errors: {
              type: 'array',
              description: 'Each invalid request parameter.',
              items: {
                type: 'object',
                required: ['name', 'in', 'detail'],
                properties: {
                  name: { type: 'string' },
                  in: { type: 'string', enum: ['path', 'query', 'header', 'cookie', 'body'] },
                  detail: { type: 'string' },
                },
              },
            },
          },
        },
      },
      responses: {
        Problem: {
          description: 'The request failed; the body says why.',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
      ...(securityScheme ? { securitySchemes: { inbound: securityScheme } } : {}),
    },
  };
  // Said either way: no inbound authentication is a decision, not an omission.
  document.security = securityScheme ? [{ inbound: [] }] : [];
  return document;
}

function describeOperation(
  planned: PlannedOperation,
  plan: RestParameterPlan,
  streaming: boolean,
  secured: boolean,
  consumedOutputs: readonly unknown[] | undefined,
): Record<string, unknown> {
  const { operation } = planned;
  const parameters: Record<string, unknown>[] = [];
  for (const parameter of plan.parameters) {
    if (parameter.in === 'body') continue;
    if (parameter.in === 'header' && RESERVED_HEADERS.has(parameter.name.toLowerCase())) continue;
    parameters.push({
      name: parameter.name,
      in: parameter.in,
      required: parameter.required,
      ...(parameter.description ? { description: parameter.description } : {}),
      schema: toSchema(parameter),
      // Arrays and objects in a query use the bracket style SDKs send (`a[]=1`, `a[x]=1`).
      ...(parameter.in === 'query' && parameter.type === 'object'
        ? { style: 'deepObject', explode: true }
        : {}),
    });
  }

  const body = plan.parameters.filter((parameter) => parameter.in === 'body');
  let requestBody: Record<string, unknown> | undefined;
  if (body.length > 0) {
    const whole = body.find((parameter) => parameter.name === plan.wholeBody);
    const fields = body.filter((parameter) => parameter.bodyPath === undefined);
    const required = fields.filter((parameter) => parameter.required).map((parameter) => parameter.name);
    const schema: SchemaObject = whole
      ? { ...toSchema(whole), ...(whole.description ? { description: whole.description } : {}) }
      : {
          type: 'object',
          properties: Object.fromEntries(
            fields.map((parameter) => [
              parameter.name,
              {
                ...toSchema(parameter),
                ...(parameter.description ? { description: parameter.description } : {}),
              },
            ]),
          ),
          ...(required.length > 0 ? { required } : {}),
        };
    requestBody = {
      required: whole ? whole.required : required.length > 0,
      content: { 'application/json': { schema } },
    };
  }

  const own = toOutputSchema(operation.outputParameters);
  const output = own ?? toOutputSchema(consumedOutputs);
  // Unknown shape: the media type alone, rather than `{}` (any value), which says nothing true.
  const success = streaming
    ? {
        description: 'Server-sent events, relayed one by one as the upstream emits them.',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
      }
    : {
        description: own ? 'The mapped result.' : 'The upstream response, passed through.',
        content: { 'application/json': output ? { schema: output } : {} },
      };
  const responses: Record<string, unknown> = { 200: success };
  if (parameters.length > 0 || requestBody) responses[400] = PROBLEM_REF;
  if (secured) responses[401] = PROBLEM_REF;
  // An upstream 4xx answer keeps its status (its message and error type in the problem).
  responses['4XX'] = PROBLEM_REF;
  const scopes = secured ? operation.scopes : undefined;
  if (scopes !== undefined) responses[403] = PROBLEM_REF;
  responses[502] = PROBLEM_REF;
  responses[504] = PROBLEM_REF;
  responses.default = PROBLEM_REF;

  return {
    operationId: planned.operationId,
    summary: summaryOf(operation.label, operation.description, operation.name ?? planned.operationId),
    ...(operation.description ? { description: operation.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    // The scopes an OAuth token needs for this operation (extension `scopes`).
    ...(scopes === undefined ? {} : { security: [{ inbound: [...scopes] }] }),
    responses,
  };
}

/** A short line for lists: the label, else the description's first sentence, else the name in words. */
function summaryOf(label: string | undefined, description: string | undefined, name: string): string {
  if (label) return label;
  const sentence = description
    ?.trim()
    .split(/(?<=\.)\s|\n/)[0]
    ?.replace(/\.$/, '');
  if (sentence && sentence.length <= 80) return sentence;
  const words = name
    .replace(/[-_]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function toSchema(parameter: PlannedRestParameter): SchemaObject {
  const schema: SchemaObject = parameter.type === undefined ? {} : { type: parameter.type };
  if (parameter.pattern !== undefined && parameter.type === 'string') schema.pattern = parameter.pattern;
  if (parameter.type === 'array') schema.items = {};
  return schema;
}

function inferSecurityScheme(expose: ExposesRestSpec): Record<string, unknown> | undefined {
  const authentication = expose.authentication;
  if (!authentication) return undefined;
  if (authentication.type === 'basic') return { type: 'http', scheme: 'basic' };
  if (authentication.type === 'bearer') return { type: 'http', scheme: 'bearer' };
  if (authentication.type === 'apikey') {
    return {
      type: 'apiKey',
      in: authentication.placement ?? 'header',
      name: authentication.key ?? 'x-api-key',
    };
  }
  if (authentication.type === 'oauth2') {
    // As the reference engine exports it: client credentials at `tokenEndpoint`, else the issuer.
    const tokenUrl = authentication.tokenEndpoint ?? authentication.authorizationServerUri;
    return {
      type: 'oauth2',
      flows: {
        clientCredentials: {
          tokenUrl,
          scopes: Object.fromEntries((authentication.scopes ?? []).map((scope) => [scope, scope])),
        },
      },
    };
  }
  return undefined;
}
