import { NaftikoError } from '@naftiko/core';
import type {
  ExposedInputParameterSpec,
  ExposedOperationSpec,
  ExposedResourceSpec,
  ExposesRestSpec,
  ForwardSpec,
} from '@naftiko/spec';
import { type RoutePath, toRoutePath } from './to-route-path.js';

export type RestMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One operation route of a rest expose. */
export interface PlannedOperation {
  resource: ExposedResourceSpec;
  operation: ExposedOperationSpec;
  method: RestMethod;
  route: RoutePath;
  /** Resource-level then operation-level parameters (later wins per name + location). */
  parameters: ExposedInputParameterSpec[];
  /** Unique within the expose: the operation `name`, else derived from method and path. */
  operationId: string;
  /** `rest "ns" GET /path`, for messages. */
  place: string;
}

/** One forward resource of a rest expose: everything at and below `prefix`. */
export interface PlannedForward {
  resource: ExposedResourceSpec;
  forward: ForwardSpec;
  route: RoutePath;
  /** The literal resource path without a trailing slash ('' for the root). */
  prefix: string;
  /** Methods the resource's own operations take at `prefix` itself. */
  ownMethods: RestMethod[];
  place: string;
}

export interface RestRoutePlan {
  operations: PlannedOperation[];
  forwards: PlannedForward[];
}

/** The path the OpenAPI description of the expose is served at. */
export const OPENAPI_PATH = '/openapi.json';

/**
 * Lays out the routes of a rest expose once, for the server and the OpenAPI export alike, so
 * both always agree. Conflicts a router would only report as a stack trace (the same method
 * twice on a path, a forward on a templated path) are NaftikoErrors naming the resource.
 */
export function planRestRoutes(expose: ExposesRestSpec): RestRoutePlan {
  const operations: PlannedOperation[] = [];
  const forwards: PlannedForward[] = [];
  const seen = new Map<string, string>();
  const ids = new Set<string>();
  const fail = (place: string, message: string): never => {
    throw new NaftikoError('ACTION_INVALID', `${place}: ${message}`, { data: { place } });
  };

  for (const resource of expose.resources ?? []) {
    const route = toRoutePath(resource.path);
    const ownMethods: RestMethod[] = [];
    for (const operation of resource.operations ?? []) {
      const method = (operation.method ?? 'GET') as RestMethod;
      const place = `rest "${expose.namespace}" ${method} ${route.openApiPath}`;
      const key = `${method} ${route.url.replace(/:p\d+/g, ':')}`;
      const previous = seen.get(key);
      if (previous !== undefined)
        fail(place, `the same method and path is already served by ${previous}; keep one of them`);
      if (method === 'GET' && route.openApiPath === OPENAPI_PATH) {
        fail(place, `${OPENAPI_PATH} is reserved for the generated OpenAPI description; choose another path`);
      }
      seen.set(key, place);
      ownMethods.push(method);
      let operationId = operation.name ?? deriveId(method, route.openApiPath);
      for (let counter = 2; ids.has(operationId); counter++)
        operationId = `${operation.name ?? deriveId(method, route.openApiPath)}-${counter}`;
      ids.add(operationId);
      operations.push({
        resource,
        operation,
        method,
        route,
        parameters: [...(resource.inputParameters ?? []), ...(operation.inputParameters ?? [])],
        operationId,
        place,
      });
    }
    if (resource.forward) {
      const place = `rest "${expose.namespace}" forward ${route.openApiPath}`;
      // The official catch-all form `/notion/{{path}}` (the reference engine's own examples) means
      // what the literal prefix `/notion` means: everything below it is forwarded.
      const catchAll = route.parameters.size === 1 ? /^(.*)\/\{[^{}/]+\}$/.exec(route.openApiPath) : null;
      if (route.parameters.size > 0 && !catchAll)
        fail(
          place,
          'a forward resource needs a literal path, or one ending in a single catch-all placeholder (`/notion/{{path}}`); the rest of the URL after it is forwarded',
        );
      const literal = catchAll ? (catchAll[1] as string) : route.openApiPath;
      const prefix = literal.replace(/\/+$/, '');
      if (seen.has(`FORWARD ${prefix}`)) fail(place, 'another forward resource already uses this path');
      seen.set(`FORWARD ${prefix}`, place);
      // A catch-all's own operations live on `/prefix/{x}`, not on the prefix itself.
      forwards.push({
        resource,
        forward: resource.forward,
        route,
        prefix,
        ownMethods: catchAll ? [] : ownMethods,
        place,
      });
    }
  }
  return { operations, forwards };
}

function deriveId(method: string, path: string): string {
  const words = path
    .replace(/[{}]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${method.toLowerCase()}${words ? `-${words}` : ''}`;
}
