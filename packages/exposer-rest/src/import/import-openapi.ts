import type { Diagnostic } from '@naftiko/spec';
import { createUniqueNamer } from './create-unique-namer.js';
import type {
  ImportedCapabilityDocument,
  ImportedConsumedOperation,
  ImportedTool,
} from './imported-capability.js';
import type { ImportedMethod, OpenApiModel, OpenApiOperationModel } from './openapi-model.js';
import { readOpenApiDocument } from './read-openapi-document.js';
import { toKebabName } from './to-kebab-name.js';

/** Options of {@link importOpenApi}. */
export interface ImportOpenApiOptions {
  /** The parsed OpenAPI / Swagger document. */
  document: unknown;
  /** Namespace of the consumed API; default: the title in kebab case. The MCP expose gets `<ns>-mcp`. */
  namespace?: string;
  /** Overrides the server URL of the document (required when it only has a relative one). */
  baseUri?: string;
  /** URL the document was fetched from: relative server URLs are resolved against it. */
  sourceUrl?: string;
  /** Where the document came from, for diagnostics. */
  file?: string;
  /** Port of the generated MCP expose; default 3000. */
  port?: number;
}

/** The capability, present only when no error diagnostic was reported. */
export interface ImportOpenApiResult {
  value?: ImportedCapabilityDocument;
  diagnostics: Diagnostic[];
}

const BASE_URI = /^https?:\/\/[^/]+(\/[^{]*)?$/;
const KEBAB = /^[a-zA-Z0-9-]+$/;
const PARAMETER_NAME = /^[a-zA-Z0-9-_*]+$/;
const TOOL_NAME_MAX = 64;

// MCP tool hints per method: reads are safe to repeat, DELETE and PUT converge when repeated,
// only DELETE removes data. Every tool talks to a remote API, hence openWorld.
const HINTS: Record<ImportedMethod, ImportedTool['hints']> = {
  GET: { readOnly: true, destructive: false, idempotent: true, openWorld: true },
  POST: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  PUT: { readOnly: false, destructive: false, idempotent: true, openWorld: true },
  PATCH: { readOnly: false, destructive: false, idempotent: false, openWorld: true },
  DELETE: { readOnly: false, destructive: true, idempotent: true, openWorld: true },
};

/**
 * Turns an OpenAPI 3.0/3.1 or Swagger 2.0 document into a capability: one `consumes` adapter
 * with a resource per path and an operation per method, and one MCP expose with a tool per
 * operation. The result is meant to pass `naftiko validate --dialect official` unchanged.
 */
export function importOpenApi(options: ImportOpenApiOptions): ImportOpenApiResult {
  const read = readOpenApiDocument(
    options.file === undefined
      ? { document: options.document }
      : { document: options.document, file: options.file },
  );
  const diagnostics = [...read.diagnostics];
  const model = read.value;
  if (!model) return { diagnostics };
  const report = (severity: Diagnostic['severity'], code: string, message: string, pointer: string) => {
    const diagnostic: Diagnostic = { code, severity, message, pointer };
    if (options.file !== undefined) diagnostic.file = options.file;
    diagnostics.push(diagnostic);
  };

  const namespace = options.namespace ?? (toKebabName(model.title) || 'api');
  if (!KEBAB.test(namespace)) {
    report(
      'error',
      'openapi-bad-namespace',
      `namespace '${namespace}' must use only letters, digits and hyphens (for example \`petstore\`).`,
      '',
    );
    return { diagnostics };
  }
  const baseUri = pickBaseUri(model, options, report);
  if (baseUri === undefined) return { diagnostics };

  const consumed = buildConsumes(model, namespace, baseUri, report);
  const binds = buildBinds(model, namespace, consumed.adapter);
  const document: ImportedCapabilityDocument = {
    naftiko: '1.0.0-alpha2',
    info: {
      label: clean(model.title),
      description: clean(
        model.description ??
          `${model.title}${model.apiVersion ? ` ${model.apiVersion}` : ''}, imported from its OpenAPI description.`,
      ),
      tags: model.tags.length > 0 ? model.tags : ['openapi'],
    },
    ...(binds ? { binds } : {}),
    capability: {
      consumes: [consumed.adapter],
      exposes: [
        {
          type: 'mcp',
          namespace: `${namespace}-mcp`,
          port: options.port ?? 3000,
          transport: 'http',
          description: clean(`MCP tools for ${model.title}, one per API operation.`),
          tools: consumed.tools,
        },
      ],
    },
  };
  return { value: document, diagnostics };
}

type Report = (severity: Diagnostic['severity'], code: string, message: string, pointer: string) => void;

function pickBaseUri(model: OpenApiModel, options: ImportOpenApiOptions, report: Report): string | undefined {
  const candidates = options.baseUri !== undefined ? [options.baseUri] : model.servers;
  for (const candidate of candidates) {
    let url = candidate;
    if (!/^https?:\/\//i.test(url)) {
      if (options.sourceUrl === undefined) continue;
      url = new URL(url || '/', options.sourceUrl).href;
    }
    url = url.replace(/\/+$/, '');
    if (BASE_URI.test(url)) return url;
    report(
      'error',
      'openapi-bad-base-uri',
      `server URL '${candidate}' is not a usable base URI (an http(s) URL without \`{\` placeholders); pass --base-uri with the real URL.`,
      options.baseUri !== undefined ? '' : '/servers',
    );
    return undefined;
  }
  report(
    'error',
    'openapi-no-base-uri',
    'the document names no absolute server URL (`servers` / `host`); pass --base-uri https://… to say where the API lives.',
    model.version === '2.0' ? '/host' : '/servers',
  );
  return undefined;
}

function buildConsumes(model: OpenApiModel, namespace: string, baseUri: string, report: Report) {
  const resourceName = createUniqueNamer({ maxLength: 128 });
  const operationName = createUniqueNamer({ maxLength: 128 });
  const toolName = createUniqueNamer({ maxLength: TOOL_NAME_MAX });
  const resources = new Map<
    string,
    { name: string; path: string; operations: ImportedConsumedOperation[] }
  >();
  const tools: ImportedTool[] = [];

  for (const operation of model.operations) {
    let resource = resources.get(operation.path);
    if (!resource) {
      resource = {
        name: resourceName(toKebabName(operation.path.replace(/[{}]/g, '')) || 'root'),
        path: operation.path.replace(
          /\{([^}]+)\}/g,
          (_whole, name: string) => `{{${toParameterName(name)}}}`,
        ),
        operations: [],
      };
      resources.set(operation.path, resource);
    }
    const base =
      toKebabName(operation.operationId ?? '') ||
      toKebabName(`${operation.method} ${operation.path.replace(/[{}]/g, '')}`);
    const name = operationName(base);
    const { consumedOperation, tool } = buildOperation(operation, namespace, name, toolName(name), report);
    resource.operations.push(consumedOperation);
    tools.push(tool);
  }

  const adapter: ImportedCapabilityDocument['capability']['consumes'][number] = {
    type: 'http',
    namespace,
    baseUri,
    description: clean(model.description ?? `${model.title} API.`),
    resources: [...resources.values()],
  };
  return { adapter, tools };
}

function buildOperation(
  operation: OpenApiOperationModel,
  namespace: string,
  name: string,
  toolName: string,
  report: Report,
) {
  const consumedOperation: ImportedConsumedOperation = { name, method: operation.method };
  const summary = operation.summary ?? operation.description;
  if (summary !== undefined) consumedOperation.description = clean(summary);
  const text = [operation.summary, operation.description]
    .filter((part) => part !== undefined && part.trim() !== '')
    .join('\n\n');
  const tool: ImportedTool = {
    name: toolName,
    description: clean(text || `${operation.method} ${operation.path}`),
    hints: { ...HINTS[operation.method] },
    call: `${namespace}.${name}`,
  };

  const consumedParameters: NonNullable<ImportedConsumedOperation['inputParameters']> = [];
  const toolParameters: NonNullable<ImportedTool['inputParameters']> = [];
  const taken = new Set<string>();
  let bodyTemplate: string | undefined;
  for (const parameter of operation.parameters) {
    const safe = toParameterName(parameter.name);
    if (!PARAMETER_NAME.test(safe) || taken.has(safe)) {
      report(
        'warning',
        'openapi-parameter-skipped',
        `${operation.method} ${operation.path}: parameter '${parameter.name}' (${parameter.in}) is left out because its name clashes with another parameter of the operation.`,
        parameter.pointer,
      );
      continue;
    }
    if (safe !== parameter.name) {
      report(
        'warning',
        'openapi-parameter-renamed',
        `${operation.method} ${operation.path}: parameter '${parameter.name}' is named '${safe}' (capability names allow letters, digits, '-', '_' and '*'); check that the API accepts that spelling.`,
        parameter.pointer,
      );
    }
    taken.add(safe);
    consumedParameters.push({ name: safe, in: parameter.in });
    toolParameters.push({
      name: safe,
      type: parameter.type,
      description: clean(parameter.description ?? `The ${parameter.in} parameter ${parameter.name}.`),
      required: parameter.required,
    });
  }
  if (operation.body && taken.has('body')) {
    report(
      'warning',
      'openapi-body-unsupported',
      `${operation.method} ${operation.path}: the request body is left out because a parameter is already named 'body'.`,
      operation.body.pointer,
    );
  } else if (operation.body) {
    // The body travels as one argument, inserted as JSON by the official `body:` template.
    bodyTemplate = '{{body}}';
    toolParameters.push({
      name: 'body',
      type: operation.body.type,
      description: clean(operation.body.description ?? 'The JSON request body.'),
      required: operation.body.required,
    });
  }
  if (consumedParameters.length > 0) consumedOperation.inputParameters = consumedParameters;
  if (bodyTemplate !== undefined) consumedOperation.body = bodyTemplate;
  if (toolParameters.length > 0) tool.inputParameters = toolParameters;
  return { consumedOperation, tool };
}

function buildBinds(
  model: OpenApiModel,
  namespace: string,
  adapter: ImportedCapabilityDocument['capability']['consumes'][number],
): ImportedCapabilityDocument['binds'] {
  const security = model.security;
  if (!security) return undefined;
  const prefix = /^[A-Za-z]/.test(namespace)
    ? namespace.toUpperCase().replace(/-/g, '_')
    : `API_${namespace.toUpperCase().replace(/-/g, '_')}`;
  const keys: Record<string, string> = {};
  const variable = (suffix: string) => {
    const name = `${prefix}_${suffix}`;
    keys[name] = name;
    return `{{${name}}}`;
  };
  if (security.type === 'bearer') adapter.authentication = { type: 'bearer', token: variable('TOKEN') };
  else if (security.type === 'basic')
    adapter.authentication = {
      type: 'basic',
      username: variable('USERNAME'),
      password: variable('PASSWORD'),
    };
  else
    adapter.authentication = {
      type: 'apikey',
      key: security.key,
      value: variable('API_KEY'),
      placement: security.placement,
    };
  return [
    {
      namespace: `${namespace}-env`,
      description: `Credentials for ${clean(model.title)} (security scheme '${security.schemeName}'), read from the environment.`,
      keys,
    },
  ];
}

// Capability parameter names allow letters, digits, '-', '_' and '*'; `a[]` (qs arrays) loses its
// brackets, as the consumer repeats array values under the bare name.
function toParameterName(name: string): string {
  return name.replace(/\[\]$/, '').replace(/[^a-zA-Z0-9_*-]/g, '_');
}

// Descriptions come from a third-party document and end up in agent UIs; the official rules
// reject script tags and eval() in them, so defuse both rather than fail the whole import.
function clean(text: string): string {
  return text.replace(/<script/gi, '&lt;script').replace(/eval\(/g, 'eval (');
}
