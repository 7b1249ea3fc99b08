export type {
  BuildOperationInputOptions,
  OperationInput,
  ParameterIssue,
  ParameterLocation,
} from './build-operation-input.js';
export type { BuildRestAppOptions } from './build-rest-app.js';
export { buildRestApp, REQUEST_ID_HEADER } from './build-rest-app.js';
export type { RestExposerOptions } from './create-rest-exposer.js';
export { createRestExposer } from './create-rest-exposer.js';
export type { ImportOpenApiOptions, ImportOpenApiResult } from './import/import-openapi.js';
export { importOpenApi } from './import/import-openapi.js';
export type { ImportedCapabilityDocument } from './import/imported-capability.js';
export type { LoadedOpenApiSource, LoadOpenApiSourceOptions } from './import/load-openapi-source.js';
export { loadOpenApiSource } from './import/load-openapi-source.js';
export type { BuildOpenApiDocumentOptions } from './openapi/build-openapi-document.js';
export { buildOpenApiDocument } from './openapi/build-openapi-document.js';
export { planParametersOf } from './plan-parameters-of.js';
export type { PlannedOperation } from './plan-rest-routes.js';
export type { Problem } from './problem.js';
export { PROBLEM_CONTENT_TYPE } from './problem.js';
export type { SerializeDocumentOptions } from './serialize-document.js';
export { serializeDocument } from './serialize-document.js';
