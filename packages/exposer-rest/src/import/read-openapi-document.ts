import type { Diagnostic } from '@naftiko/spec';
import type { ImportedMethod, OpenApiModel } from './openapi-model.js';
import { readOpenApiOperation } from './read-openapi-operation.js';
import { readOpenApiSecurity } from './read-openapi-security.js';
import { isRecord } from './resolve-local-ref.js';

/** Options of {@link readOpenApiDocument}. */
export interface ReadOpenApiDocumentOptions {
  /** The parsed document (JSON or YAML). */
  document: unknown;
  /** Where it came from, for diagnostics. */
  file?: string;
}

/** The model, present only when the document could be read at all. */
export interface ReadOpenApiDocumentResult {
  value?: OpenApiModel;
  diagnostics: Diagnostic[];
}

const METHODS: Record<string, ImportedMethod> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
};
const SKIPPED_METHODS = ['head', 'options', 'trace'];

/**
 * Reads a Swagger 2.0, OpenAPI 3.0 or OpenAPI 3.1 document into one model, so the capability
 * builder never branches on the version. Problems are diagnostics: a document that is not an
 * API description is an error, anything left out of an otherwise usable document a warning.
 */
export function readOpenApiDocument({
  document,
  file,
}: ReadOpenApiDocumentOptions): ReadOpenApiDocumentResult {
  const diagnostics: Diagnostic[] = [];
  const fail = (code: string, message: string, pointer = ''): ReadOpenApiDocumentResult => {
    diagnostics.push(withFile({ code, severity: 'error', message, pointer }, file));
    return { diagnostics };
  };
  if (!isRecord(document))
    return fail(
      'openapi-not-a-document',
      'the input is not an OpenAPI document: expected a JSON or YAML object at the top level.',
    );
  const version = detectVersion(document);
  if (version === undefined) {
    return fail(
      'openapi-unsupported-version',
      `unsupported document version (${JSON.stringify(document.openapi ?? document.swagger ?? null)}): import reads Swagger 2.0 and OpenAPI 3.0 or 3.1 (the \`swagger\` or \`openapi\` field).`,
      document.openapi !== undefined ? '/openapi' : document.swagger !== undefined ? '/swagger' : '',
    );
  }
  const info = isRecord(document.info) ? document.info : {};
  const model: OpenApiModel = {
    version,
    title: typeof info.title === 'string' && info.title.trim() !== '' ? info.title.trim() : 'Imported API',
    tags: readTags(document),
    servers: readServers(document, version),
    operations: [],
  };
  if (typeof info.version === 'string') model.apiVersion = info.version;
  if (typeof info.description === 'string' && info.description.trim() !== '')
    model.description = info.description.trim();
  const security = readOpenApiSecurity(withFileOption({ root: document, version, diagnostics }, file));
  if (security) model.security = security;

  const paths = isRecord(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    const itemPointer = `/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (!isRecord(item) || !path.startsWith('/')) continue;
    const pathParameters = Array.isArray(item.parameters) ? item.parameters : [];
    for (const [key, operation] of Object.entries(item)) {
      const method = METHODS[key.toLowerCase()];
      if (method === undefined) {
        if (SKIPPED_METHODS.includes(key.toLowerCase())) {
          diagnostics.push(
            withFile(
              {
                code: 'openapi-method-skipped',
                severity: 'info',
                message: `${key.toUpperCase()} ${path} is left out: consumed operations use GET, POST, PUT, PATCH or DELETE.`,
                pointer: `${itemPointer}/${key}`,
              },
              file,
            ),
          );
        }
        continue;
      }
      if (!isRecord(operation)) continue;
      model.operations.push(
        readOpenApiOperation(
          withFileOption(
            {
              root: document,
              version,
              method,
              path,
              operation,
              pathParameters,
              pointer: `${itemPointer}/${key}`,
              diagnostics,
            },
            file,
          ),
        ),
      );
    }
  }
  if (model.operations.length === 0) {
    return fail(
      'openapi-no-operations',
      'the document declares no GET, POST, PUT, PATCH or DELETE operation under `paths`, so there is nothing to import.',
      '/paths',
    );
  }
  return { value: model, diagnostics };
}

function detectVersion(document: Record<string, unknown>): OpenApiModel['version'] | undefined {
  if (typeof document.swagger === 'string' && document.swagger.startsWith('2.')) return '2.0';
  if (typeof document.openapi === 'string') {
    if (document.openapi.startsWith('3.0')) return '3.0';
    if (document.openapi.startsWith('3.1')) return '3.1';
  }
  return undefined;
}

function readTags(document: Record<string, unknown>): string[] {
  if (!Array.isArray(document.tags)) return [];
  return document.tags.flatMap((tag) => (isRecord(tag) && typeof tag.name === 'string' ? [tag.name] : []));
}

function readServers(document: Record<string, unknown>, version: OpenApiModel['version']): string[] {
  if (version === '2.0') {
    if (typeof document.host !== 'string' || document.host === '') {
      return typeof document.basePath === 'string' ? [document.basePath] : [];
    }
    const schemes = Array.isArray(document.schemes) ? document.schemes : [];
    const scheme = schemes.includes('https') ? 'https' : schemes.includes('http') ? 'http' : 'https';
    const basePath = typeof document.basePath === 'string' ? document.basePath : '';
    return [`${scheme}://${document.host}${basePath}`];
  }
  if (!Array.isArray(document.servers)) return [];
  return document.servers.flatMap((server) => {
    if (!isRecord(server) || typeof server.url !== 'string') return [];
    const variables = isRecord(server.variables) ? server.variables : {};
    const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
      const variable = variables[name];
      return isRecord(variable) && typeof variable.default === 'string' ? variable.default : whole;
    });
    return [url];
  });
}

function withFile(diagnostic: Diagnostic, file: string | undefined): Diagnostic {
  if (file !== undefined) diagnostic.file = file;
  return diagnostic;
}

function withFileOption<T extends object>(options: T, file: string | undefined): T & { file?: string } {
  return file === undefined ? options : { ...options, file };
}
