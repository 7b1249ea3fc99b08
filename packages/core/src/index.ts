export {
  type ArgumentShapeLimits,
  checkArgumentShape,
  DEFAULT_ARGUMENT_LIMITS,
} from './actions/check-argument-shape.js';
export type { ActionFactory, ActionRuntime } from './actions/create-action-factory.js';
export { createActionFactory } from './actions/create-action-factory.js';
export { isStreamingOperation } from './actions/streaming.js';
export type { BindLocation } from './binds/bind-location.js';
export { parseBindLocation } from './binds/bind-location.js';
export type { BindingValues } from './binds/binding-values.js';
export { emptyBindingValues } from './binds/binding-values.js';
export type { MissingBindVariable, ResolveBindingsOptions } from './binds/resolve-bindings.js';
export { resolveBindings } from './binds/resolve-bindings.js';
export type { Capability, ConsumedOperationRef, CreateCapabilityOptions } from './capability.js';
export { createCapability, findAggregateFunction, findConsumedOperation, splitTarget } from './capability.js';
export type { CheckCapabilityOptions } from './check-capability.js';
export { checkCapability } from './check-capability.js';
export type { ConsumedParameterPlan } from './consumed/plan-consumed-parameters.js';
export { consumedPathPlaceholders, planConsumedParameters } from './consumed/plan-consumed-parameters.js';
export {
  type CreateObserverHubOptions,
  createObserverHub,
  type ObserverHub,
} from './create-observer-hub.js';
export type { EngineOverrides } from './engine/apply-overrides.js';
export type { Engine, EngineOptions } from './engine/create-engine.js';
export { createEngine } from './engine/create-engine.js';
export type { NaftikoErrorCode, NaftikoErrorOptions } from './errors.js';
export { isNaftikoError, NaftikoError, naftikoErrorCodes } from './errors.js';
export type {
  Action,
  ActionResult,
  ActionRunOptions,
  ActionSpec,
  ArgumentIssue,
  ConsumerBody,
  ConsumerCreateOptions,
  ConsumerForwardOptions,
  ConsumerInstance,
  ConsumerInvokeOptions,
  ConsumerRequest,
  ConsumerResponse,
  ConsumerV1,
  CreateActionOptions,
  EngineState,
  EngineStatus,
  ExposerContext,
  ExposerCreateOptions,
  ExposerInstance,
  ExposerReload,
  ExposerV1,
  ForwardRequest,
  ForwardResponse,
  ForwardSink,
  InvocationResult,
  InvokeOptions,
  JsonSchema,
  ListenAddress,
  LogFields,
  Logger,
  LogLevel,
  StreamEvent,
} from './extension.js';
export { dropConnectionNamed, namedInConnection } from './http/connection-headers.js';
export type { CreateGuardedHandlerOptions } from './http/create-guarded-handler.js';
export { createGuardedHandler } from './http/create-guarded-handler.js';
export type {
  CreateHostGuardOptions,
  GuardedRequest,
  HostGuard,
  HostGuardRefusal,
} from './http/create-host-guard.js';
export { createHostGuard, isLoopbackAddress } from './http/create-host-guard.js';
export type { CreateHttpServerOptions, HttpServerTimeouts } from './http/create-http-server.js';
export { createHttpServer } from './http/create-http-server.js';
export type { RequestTracker } from './http/create-request-tracker.js';
export { createRequestTracker } from './http/create-request-tracker.js';
export { formatUrlHost } from './http/format-url-host.js';
export type { HttpListener, ListenHttpServerOptions } from './http/listen-http-server.js';
export { listenHttpServer } from './http/listen-http-server.js';
export { resolveFileLocation } from './http/resolve-file-location.js';
export { sendError, sendJson } from './http/send-json.js';
export { serveWellKnown } from './http/serve-well-known.js';
export { withoutQueryKey } from './http/without-query-key.js';
export type { CreateInboundAuthOptions } from './inbound-auth.js';
export { createInboundAuth, createReloadableAuth } from './inbound-auth.js';
export type { InboundAuth, InboundPrincipal, InboundRequest, InboundVerdict } from './inbound-verdict.js';
export type { CompiledJsonPath, CompileJsonPathOptions } from './json-path.js';
export { compileJsonPath } from './json-path.js';
export type { LoadCapabilityOptions, LoadCapabilityResult } from './load-capability.js';
export { loadCapability } from './load-capability.js';
export type { CreateJsonLoggerOptions, CreateRedactingLoggerOptions } from './logger.js';
export { createJsonLogger, createRedactingLogger, silentLogger } from './logger.js';
export type { ClientAuthentication, ClientCredentials } from './oauth/client-authentication.js';
export { createClientAuthentication } from './oauth/client-authentication.js';
export type {
  CreateClientCredentialsSourceOptions,
  TokenSource,
} from './oauth/create-client-credentials-source.js';
export { createClientCredentialsSource } from './oauth/create-client-credentials-source.js';
export { missingScopes } from './oauth/scopes.js';
export type {
  ActionEndObservation,
  ActionStartObservation,
  Observation,
  ObservedActionKind,
  ObservedErrorCode,
  Observer,
  ResilienceObservation,
  UpstreamObservation,
} from './observation.js';
export type { CreateRedactorOptions, Redactor } from './redact.js';
export { createRedactor, REDACTED, secretForms } from './redact.js';
export { redactError } from './redact-error.js';
export type {
  CircuitBreaker,
  CircuitTicket,
  CreateCircuitBreakerOptions,
} from './resilience/create-circuit-breaker.js';
export { createCircuitBreaker } from './resilience/create-circuit-breaker.js';
export type { CreateInboundLimiterOptions } from './resilience/create-inbound-limiter.js';
export { createInboundLimiter, defaultCallerIdentity } from './resilience/create-inbound-limiter.js';
export type { CreateMemoryStoreOptions } from './resilience/create-memory-store.js';
export { createMemoryStore } from './resilience/create-memory-store.js';
export type { CreateRateLimiterOptions, RateLimiter } from './resilience/create-rate-limiter.js';
export { createRateLimiter } from './resilience/create-rate-limiter.js';
export type {
  CreateResilientConsumerOptions,
  ResilienceEvent,
  ResilientConsumer,
} from './resilience/create-resilient-consumer.js';
export { createResilientConsumer } from './resilience/create-resilient-consumer.js';
export type { FailOpenStoreOptions } from './resilience/fail-open-store.js';
export { failOpenStore } from './resilience/fail-open-store.js';
export { findCacheTtlMs } from './resilience/find-cache-ttl.js';
export type {
  CallerIdentity,
  CallerInfo,
  CircuitState,
  CircuitStatus,
  InboundLimiter,
  ResilienceStatus,
  UpstreamStatus,
} from './resilience/resilience-types.js';
export type {
  CircuitBreakerPolicy,
  OperationResiliencePolicy,
  RateLimitPolicy,
  RetryPolicy,
  UpstreamResiliencePolicy,
} from './resilience/resolve-resilience.js';
export {
  resolveInboundRateLimit,
  resolveOperationResilience,
  resolveUpstreamResilience,
} from './resilience/resolve-resilience.js';
export type { StateStore } from './resilience/state-store.js';
export type {
  PlannedRestParameter,
  PlanRestParametersOptions,
  RestParameterLocation,
  RestParameterPlan,
} from './rest/plan-rest-parameters.js';
export { planRestParameters } from './rest/plan-rest-parameters.js';
export type {
  CompileTemplate,
  CompileTemplateOptions,
  RenderOptions,
  RenderReport,
  Template,
  TemplateContext,
  TemplateMode,
} from './template.js';
export { compileTemplate, listTemplateVariables, lookupPath } from './template.js';
export type { CreateTemplateContextOptions } from './template-context.js';
export { createTemplateContext } from './template-context.js';
