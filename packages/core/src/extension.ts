/**
 * The two extension points of the engine. A consumer turns a consumed operation plus resolved
 * parameters into an upstream call; an exposer serves actions over some protocol. Both are
 * registered by `type` and passed in (`createEngine({ consumers, exposers })`), never global.
 * Methods starting with `do` are called by the engine only.
 */
import type {
  ConsumesHttpSpec,
  ExposedInputParameterSpec,
  ExposesSpec,
  McpToolHintsSpec,
  McpToolInputParameterSpec,
  OperationStepSpec,
  StepOutputMappingSpec,
  WithSpec,
} from '@naftiko/spec';
import type { BindingValues } from './binds/binding-values.js';
import type { Capability } from './capability.js';
import type { Observer } from './observation.js';
import type { Redactor } from './redact.js';
import type { InboundLimiter, ResilienceStatus } from './resilience/resilience-types.js';
import type { CompileTemplate, TemplateContext } from './template.js';

/** A JSON Schema object (draft 2020-12 subset used for arguments and outputs). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  pattern?: string;
  [keyword: string]: unknown;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** Structured logger. The engine hands extensions one that already redacts bound secrets. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** One listener an exposer opened, e.g. `{ type: 'mcp', namespace: 'x', url: 'http://127.0.0.1:9090/mcp' }`. */
export interface ListenAddress {
  type: string;
  namespace?: string;
  url: string;
}

/** One server-sent event of an upstream `text/event-stream` response. */
export interface StreamEvent {
  event?: string;
  data: string;
  id?: string;
  retry?: number;
}

/** One argument that fails the input schema. `field` is dotted (`body.name`), '' for the whole object. */
export interface ArgumentIssue {
  field: string;
  message: string;
  keyword: string;
}

// ---------------------------------------------------------------------------------------------
// Consumers
// ---------------------------------------------------------------------------------------------

export interface ConsumerCreateOptions {
  /** The consumes entry, with engine overrides (e.g. `baseUri`) already applied. */
  consumes: ConsumesHttpSpec;
  /** Core's template compiler: compile every template once here, in `doCreate`. */
  compileTemplate: CompileTemplate;
  /** Bound values, flat (`VAR`) and by bind namespace (`env.VAR`). */
  bindings: BindingValues;
  /** Directory of the capability file, for relative `file:///` references. */
  baseDir: string;
  logger: Logger;
  /** Replaces bound secrets with `[REDACTED]`; apply it to anything put in an error or log. */
  redactor: Redactor;
}

export interface ConsumerRequest {
  /** Operation name inside the consumer's namespace (`createsession`). */
  operation: string;
  /** Resolved values (arguments merged with `with`) keyed by consumed parameter name. */
  parameters: Record<string, unknown>;
  /**
   * What consumes templates render against: bindings flat and by namespace, `parameters` flat,
   * the caller's arguments under `tools`, `rest` and the expose namespace, and step outputs by
   * step name. Built by core; see `createTemplateContext`.
   */
  templateContext: TemplateContext;
}

export type ConsumerBody =
  | { type: 'data'; value: unknown }
  | { type: 'text'; text: string }
  | { type: 'stream'; events: AsyncIterable<StreamEvent> };

export interface ConsumerResponse {
  status: number;
  headers: Record<string, string>;
  contentType?: string;
  body: ConsumerBody;
}

/** REST forward mode: a request streamed through to the consumer's `baseUri`. */
export interface ForwardRequest {
  method: string;
  /** Path below `baseUri`, starting with '/', already percent-encoded as received. */
  path: string;
  /** '' or the query string including its leading '?'. */
  search: string;
  /** Only the trusted headers the exposer chose to pass on. */
  headers: Record<string, string | string[]>;
  body?: AsyncIterable<Uint8Array>;
}

export interface ForwardResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: AsyncIterable<Uint8Array> | null;
}

export interface ConsumerInvokeOptions {
  signal?: AbortSignal;
}

/**
 * Where a forwarded answer goes when the exposer has a stream to write it to: the consumer calls
 * `open` once with the upstream status and headers (hop-by-hop ones removed), then writes the body
 * into the returned stream and ends it, without an intermediate stream per request.
 */
export interface ForwardSink {
  open(head: { status: number; headers: Record<string, string | string[]> }): NodeJS.WritableStream;
  /**
   * Registers `listener`, called once when the stream closes; before the answer is complete
   * that means the client left, and the consumer aborts the upstream exchange. A REST response
   * does this with its own 'close' event: no signal object per request (bench/README.md, rest.mjs).
   */
  onClose?(listener: () => void): void;
}

export interface ConsumerForwardOptions extends ConsumerInvokeOptions {
  /** When set, the body is written here and the returned response's `body` is null. */
  sink?: ForwardSink;
}

export interface ConsumerInstance {
  readonly namespace: string;
  /** Non-2xx answers reject with NaftikoError('UPSTREAM_STATUS', { operation, status, errorType, message }). */
  doInvoke(request: ConsumerRequest, options: ConsumerInvokeOptions): Promise<ConsumerResponse>;
  doForward?(request: ForwardRequest, options: ConsumerForwardOptions): Promise<ForwardResponse>;
  doClose(): Promise<void>;
}

export interface ConsumerV1 {
  readonly specificationVersion: 'v1';
  /** The consumes `type` this implementation serves, e.g. 'http'. */
  readonly type: string;
  doCreate(options: ConsumerCreateOptions): ConsumerInstance;
}

// ---------------------------------------------------------------------------------------------
// Actions and exposers
// ---------------------------------------------------------------------------------------------

/**
 * The executable part of an MCP tool, REST operation, MCP resource or aggregate function. Pass
 * the YAML object itself (extra fields such as `name` or `hints` are read when useful).
 */
export interface ActionSpec {
  call?: string;
  with?: WithSpec;
  steps?: OperationStepSpec[];
  mappings?: StepOutputMappingSpec[];
  outputParameters?: unknown[];
  inputParameters?: (McpToolInputParameterSpec | ExposedInputParameterSpec)[];
  ref?: string;
  description?: string;
  hints?: McpToolHintsSpec;
}

export type ActionResult =
  | { type: 'json'; value: unknown; status: number; contentType: string; headers?: Record<string, string> }
  | { type: 'text'; text: string; status: number; contentType: string; headers?: Record<string, string> }
  | {
      type: 'stream';
      events: AsyncIterable<StreamEvent>;
      status: number;
      contentType: string;
      headers?: Record<string, string>;
    };

/** What `engine.invoke` and `ExposerContext.invoke` resolve to. */
export type InvocationResult = ActionResult;

export interface ActionRunOptions {
  signal?: AbortSignal;
  /** W3C trace context of the inbound request (MCP `_meta.traceparent`), for upstream propagation. */
  traceparent?: string;
}

export interface Action {
  /** `<exposeNamespace>.<name>` as given to createAction. */
  readonly target: string;
  /** Declared inputParameters, else derived from `with` references to consumed parameters. */
  readonly inputSchema: JsonSchema;
  /** Present when outputParameters declare a shape. */
  readonly outputSchema?: JsonSchema;
  /** The called consumed operation answers with a stream (see docs/architecture.md for the signal). */
  readonly streaming: boolean;
  /** Local description, else the referenced aggregate function's. */
  readonly description?: string;
  /** Local hints, else derived from the referenced aggregate function's semantics. */
  readonly hints?: McpToolHintsSpec;
  /** [] when valid; each issue names the field. */
  validate(args: unknown): ArgumentIssue[];
  /** Validates, resolves `with`, calls upstream, shapes the output. Rejects with NaftikoError. */
  run(args: Record<string, unknown>, options?: ActionRunOptions): Promise<ActionResult>;
}

export interface CreateActionOptions {
  /** Namespace of the expose the action belongs to: its `<ns>.x` strings are argument references. */
  exposeNamespace: string;
  /** Tool / operation / function name, for messages and `target`. */
  name: string;
}

export interface InvokeOptions {
  signal?: AbortSignal;
}

/** The engine's lifecycle, as `Engine.state` and the control plane report it. */
export type EngineState = 'idle' | 'starting' | 'started' | 'stopping' | 'stopped';

/** The engine as the control plane reports it. */
export interface EngineStatus {
  /** 'started' once every exposer listens (readiness), until stop() begins. */
  state: EngineState;
  /** Every listener once started; [] before. */
  addresses: ListenAddress[];
  /** When start() completed, ms since the epoch. */
  startedAt?: number;
}

export interface ExposerContext {
  readonly capability: Capability;
  readonly logger: Logger;
  readonly redactor: Redactor;
  /** Bound values, e.g. for inbound authentication secrets. */
  readonly bindings: BindingValues;
  readonly compileTemplate: CompileTemplate;
  createAction(spec: ActionSpec, options: CreateActionOptions): Action;
  invoke(target: string, args: Record<string, unknown>, options?: InvokeOptions): Promise<InvocationResult>;
  /** The consumer instance of a consumes namespace (REST forward mode). Undefined before start. */
  consumer(namespace: string): ConsumerInstance | undefined;
  /** Subscribes to action/upstream observations (metrics); returns the unsubscribe. */
  observe(observer: Observer): () => void;
  /** The engine's lifecycle state and listeners, read at call time. */
  status(): EngineStatus;
  /** The resilience state of every upstream (circuit breakers), read from the store at call time. */
  resilience(): Promise<ResilienceStatus>;
  /** The expose's per-caller rate limit (`x-naftiko-resilience.rateLimit`), undefined when it has none. */
  inboundLimiter(expose: ExposesSpec): InboundLimiter | undefined;
}

export interface ExposerCreateOptions {
  /** The exposes entry, with engine overrides (`port`, `address`) already applied. */
  expose: ExposesSpec;
  context: ExposerContext;
}

export interface ExposerInstance {
  doStart(): Promise<ListenAddress[]>;
  doStop(): Promise<void>;
  /**
   * Hot reload, optional: compile `expose` against the new `context` as `doCreate` would (throwing
   * what it would), keeping the listener, and return the swap. The engine prepares every expose
   * first and commits only when all prepared, so a reload is all or nothing. The engine only asks
   * when the listener itself (type, port, address, transport) is unchanged.
   */
  doReload?(options: ExposerCreateOptions): Promise<ExposerReload>;
}

/** A prepared reload: `commit` swaps it in at once (requests already running finish on the old). */
export interface ExposerReload {
  commit(): void;
  /** Releases what was prepared when another expose failed to prepare. */
  discard?(): Promise<void>;
}

export interface ExposerV1 {
  readonly specificationVersion: 'v1';
  /** The exposes `type` this implementation serves: 'mcp' | 'rest' | 'skill' | 'control'. */
  readonly type: string;
  doCreate(options: ExposerCreateOptions): ExposerInstance;
}
