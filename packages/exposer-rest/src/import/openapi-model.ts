/** The six parameter types a Naftiko capability knows. */
export type ParameterType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

/** The HTTP methods a consumed operation may use. */
export type ImportedMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One parameter of an operation, Swagger 2 and OpenAPI 3 alike. */
export interface OpenApiParameterModel {
  /** The name on the wire, as the document spells it. */
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  type: ParameterType;
  description?: string;
  pointer: string;
}

/** A JSON request body (other media types are reported and left out). */
export interface OpenApiBodyModel {
  required: boolean;
  type: ParameterType;
  description?: string;
  pointer: string;
}

/** One operation, with path-level parameters merged in and references resolved. */
export interface OpenApiOperationModel {
  method: ImportedMethod;
  /** The OpenAPI path template, `{id}` placeholders. */
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  parameters: OpenApiParameterModel[];
  body?: OpenApiBodyModel;
  pointer: string;
}

/** How the API wants to be called: the first security requirement the engine can satisfy. */
export type OpenApiSecurityModel =
  | { type: 'bearer'; schemeName: string }
  | { type: 'basic'; schemeName: string }
  | { type: 'apikey'; schemeName: string; key: string; placement: 'header' | 'query' };

/** A Swagger 2.0 or OpenAPI 3.x document reduced to what an import needs. */
export interface OpenApiModel {
  version: '2.0' | '3.0' | '3.1';
  title: string;
  apiVersion?: string;
  description?: string;
  tags: string[];
  /** Server URLs in document order, variables replaced by their defaults; may be relative. */
  servers: string[];
  security?: OpenApiSecurityModel;
  operations: OpenApiOperationModel[];
}
