/**
 * The one runtime error class of the engine and of every extension (consumers, exposers).
 * User input yields diagnostics; what fails while running is a `NaftikoError` whose `code` comes
 * from the closed list below, so callers (exposers, the CLI, embedders) can branch on it without
 * parsing messages.
 */
export const naftikoErrorCodes = {
  // Upstream (consumer) failures
  UPSTREAM_STATUS:
    'The upstream answered with a non-2xx status. data: { operation, status, errorType?, message?, retryAfter? (its Retry-After, when well formed) }.',
  UPSTREAM_TIMEOUT:
    'The upstream did not connect or answer within the configured timeout. data: { operation }.',
  UPSTREAM_UNREACHABLE:
    'The upstream could not be reached (connection refused, DNS failure, reset). data: { operation, url }.',
  UPSTREAM_RESPONSE_TOO_LARGE: 'The upstream response exceeded the size cap. data: { operation, limit }.',
  UPSTREAM_BAD_RESPONSE:
    'The upstream response could not be read or parsed in the declared format. data: { operation }.',
  REQUEST_INVALID:
    'The outgoing request could not be built or sent as asked (missing path parameter, a header value HTTP forbids, a body too deep to serialise): a local failure, nothing reached the upstream. data: { operation, parameter? }.',
  AUTH_UNSUPPORTED:
    'The authentication cannot be used as declared (a missing field, oauth2 on a consumes entry without `grantType`). data: { place? | namespace?, field? }.',
  AUTH_TOKEN_FAILED:
    'naftiko could not get its own OAuth access token for a consumes entry: the authorization server was unreachable or refused the client (its `error` is in the message). Nothing was sent upstream. data: { operation, status? }.',
  // Templates, binds, arguments
  TEMPLATE_SYNTAX: 'A template does not parse or uses an unsupported construct. data: { place }.',
  TEMPLATE_MISSING_VARIABLE:
    'A strict template (auth value, path) references a variable with no value. data: { variable, place }.',
  BIND_MISSING_VARIABLE:
    'A bind variable has no value at start. data: { missing: [{ namespace, variable, providerKey, source }] }.',
  BIND_LOCATION_UNSUPPORTED: 'A bind location uses a scheme other than file://. data: { namespace, scheme }.',
  BIND_FILE_UNREADABLE: 'A file:// bind location cannot be read or parsed. data: { namespace, path }.',
  INVALID_ARGUMENTS:
    'Arguments do not match the input schema, or are too large to check (keyword maxDepth: over 64 levels; maxKeys: over 10,000 keys and items). data: { issues: ArgumentIssue[] }.',
  // Targets and actions
  UNKNOWN_OPERATION: 'A `call` or invoke target names no consumed operation. data: { target }.',
  UNKNOWN_ACTION:
    'An invoke target names no consumed operation, aggregate function, tool or exposed operation. data: { target }.',
  ACTION_INVALID:
    'An action cannot be built (no call/steps/ref/mock, unknown ref, bad step, bad JSONPath). data: { place }.',
  SCRIPT_UNSUPPORTED: 'A script step uses a language other than javascript. data: { step, language }.',
  SCRIPT_FAILED: 'A script step threw or did not assign `result`. data: { step }.',
  SCRIPT_TIMEOUT: 'A script step ran longer than its time budget. data: { step, timeoutMs }.',
  // Lifecycle
  EXPOSER_NOT_REGISTERED: 'An exposes entry has a `type` with no registered exposer. data: { types }.',
  CONSUMER_NOT_REGISTERED: 'A consumes entry has a `type` with no registered consumer. data: { types }.',
  ENGINE_NOT_STARTED: 'invoke() was called before start() finished or after stop().',
  OVERRIDE_INVALID:
    'An engine override names no consumes/expose namespace or has a bad value. data: { kind, namespace }.',
  RELOAD_RESTART_REQUIRED:
    'A reload changes a listener (an expose added or removed, its type, port, address or transport) or an expose cannot reload; the running capability is kept. data: { changes }.',
  LISTEN_FAILED: 'An exposer could not listen (port in use, bad address). data: { type, namespace }.',
  ABORTED: 'The caller aborted the operation through its AbortSignal.',
  BUSY: 'Too many calls (or buffered upstream bytes) are in flight, in the process or in one MCP session; nothing was sent upstream or the answer was dropped. Retry shortly. data: { limit, scope: "calls" | "bytes" | "session", retryAfter }.',
  CIRCUIT_OPEN:
    'The circuit breaker of the upstream (x-naftiko-resilience circuitBreaker) is open after repeated failures, or its one half-open probe is in flight: the call failed at once and nothing was sent. REST answers 503 with Retry-After. data: { namespace, operation, retryAfter (seconds) }.',
  RATE_LIMITED:
    'A rate limit of x-naftiko-resilience is reached: inbound (per caller of an expose; REST answers 429 with Retry-After) or outbound (per upstream; nothing was sent). data: { scope: "inbound" | "outbound", limit, perMs, retryAfter (seconds), namespace?, operation? }.',
  CAPABILITY_INVALID: 'The capability has error diagnostics and cannot be run. data: { diagnostics }.',
} as const;

export type NaftikoErrorCode = keyof typeof naftikoErrorCodes;

export interface NaftikoErrorOptions {
  cause?: unknown;
  data?: Record<string, unknown>;
}

// A registered symbol, so the guard works across duplicated copies of this package.
const brand = Symbol.for('naftiko.error');

export class NaftikoError extends Error {
  override readonly name = 'NaftikoError';
  readonly code: NaftikoErrorCode;
  readonly data: Record<string, unknown>;

  constructor(code: NaftikoErrorCode, message: string, options: NaftikoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.data = options.data ?? {};
    Object.defineProperty(this, brand, { value: true });
  }

  toJSON(): { name: string; code: NaftikoErrorCode; message: string; data: Record<string, unknown> } {
    return { name: this.name, code: this.code, message: this.message, data: this.data };
  }
}

/** True when `value` is a NaftikoError (optionally with the given code). */
export function isNaftikoError(value: unknown, code?: NaftikoErrorCode): value is NaftikoError {
  if (typeof value !== 'object' || value === null) return false;
  if (!(value instanceof NaftikoError) && !(brand in value)) return false;
  return code === undefined || (value as NaftikoError).code === code;
}
