import type { RuleDiagnostic, Severity } from './diagnostic.js';
import { SCHEMA_ISSUE_CODES, type SchemaIssueCode } from './schema/schema-issue.js';

/** Documentation of one diagnostic code. */
export interface DiagnosticCodeInfo {
  /** Severity before `strict` (which turns warnings into errors). */
  severity: Severity;
  /** Which stage reports it. */
  stage: 'load' | 'version' | 'schema' | 'import' | 'rule' | 'community' | 'migrate';
  /** One line: what the code means. */
  summary: string;
  /** The official Spectral rule it implements, when there is one. */
  spectralRule?: string;
}

/**
 * The closed set of codes the validator emits outside the JSON Schema stage. Codes are stable:
 * tools and CI configurations match on them, so rename one only with a major version.
 */
export const VALIDATION_CODES = {
  // Loading the YAML text.
  'file-unreadable': {
    severity: 'error',
    stage: 'load',
    summary: 'The file cannot be read (missing, a directory, or no permission).',
  },
  'file-too-large': {
    severity: 'error',
    stage: 'load',
    summary: 'The file is larger than the size cap (default 5 MiB).',
  },
  'binary-file': {
    severity: 'error',
    stage: 'load',
    summary: 'The file holds NUL bytes or invalid UTF-8: it is not text.',
  },
  'empty-document': {
    severity: 'error',
    stage: 'load',
    summary: 'The file is empty or holds only comments.',
  },
  'yaml-syntax': { severity: 'error', stage: 'load', summary: 'The text is not well-formed YAML.' },
  'yaml-warning': {
    severity: 'warning',
    stage: 'load',
    summary: 'The YAML parser warned, for example about an unknown tag.',
  },
  'duplicate-key': {
    severity: 'error',
    stage: 'load',
    summary: 'A mapping repeats a key (reported at the second one).',
  },
  'multiple-documents': {
    severity: 'error',
    stage: 'load',
    summary: 'The file holds more than one YAML document.',
  },
  'nesting-too-deep': {
    severity: 'error',
    stage: 'load',
    summary: 'Mappings and sequences nest deeper than the cap (default 200).',
  },
  'alias-bomb': {
    severity: 'error',
    stage: 'load',
    summary: 'YAML aliases expand more often than the cap (default 100).',
  },
  'document-not-mapping': {
    severity: 'error',
    stage: 'load',
    summary: 'The document is a sequence or a scalar, not a mapping.',
  },
  // The dialect version.
  'not-a-capability': {
    severity: 'error',
    stage: 'version',
    summary:
      'The document has no capability keys at all (an OpenAPI file, another YAML); nothing else is checked.',
  },
  'unsupported-version': {
    severity: 'error',
    stage: 'version',
    summary: '`naftiko:` is missing or names a version this validator does not support.',
  },
  // Imports of shared consumes files.
  'import-not-found': {
    severity: 'error',
    stage: 'import',
    summary: 'An import `location` names a file that cannot be read.',
  },
  'import-unsupported-location': {
    severity: 'error',
    stage: 'import',
    summary:
      'An import `location` is not a local .yaml, .yml or .json file (remote imports are not fetched).',
  },
  'import-namespace-not-found': {
    severity: 'error',
    stage: 'import',
    summary: 'The imported file has no consumes entry with the `import` namespace.',
  },
  'import-cycle': {
    severity: 'error',
    stage: 'import',
    summary: 'Imports lead back to an entry already being imported (or chain through more than 32 files).',
  },
  // Cross-object rules.
  'duplicate-namespace': {
    severity: 'error',
    stage: 'rule',
    summary: 'Two consumes, exposes, aggregates or binds entries share a namespace.',
    spectralRule: 'naftiko-namespaces-unique',
  },
  'port-collision': {
    severity: 'error',
    stage: 'rule',
    summary: 'Two exposes listen on the same address and port.',
  },
  'control-not-singleton': {
    severity: 'error',
    stage: 'rule',
    summary: 'More than one `type: control` expose.',
    spectralRule: 'naftiko-control-port-singleton-and-unique',
  },
  'control-port-collision': {
    severity: 'error',
    stage: 'rule',
    summary: 'The control expose uses the port of a business expose.',
    spectralRule: 'naftiko-control-port-singleton-and-unique',
  },
  'control-address-not-loopback': {
    severity: 'warning',
    stage: 'rule',
    summary: 'The control expose binds to an address other than `localhost` or `127.0.0.1`.',
    spectralRule: 'naftiko-control-address-localhost-warning',
  },
  'address-example': {
    severity: 'warning',
    stage: 'rule',
    summary: 'An expose `address` is a placeholder example.com host.',
    spectralRule: 'naftiko-address-not-example',
  },
  'unknown-call-target': {
    severity: 'error',
    stage: 'rule',
    summary: '`call: ns.op` names no consumed operation.',
  },
  'unknown-ref-target': {
    severity: 'error',
    stage: 'rule',
    summary: '`ref: aggregate.function` names no aggregate function.',
  },
  'unknown-forward-target': {
    severity: 'error',
    stage: 'rule',
    summary: '`forward.targetNamespace` names no consumes namespace.',
  },
  'unknown-with-key': {
    severity: 'warning',
    stage: 'rule',
    summary: 'A `with` key is neither a parameter nor a template variable of the called operation.',
  },
  'duplicate-step-name': {
    severity: 'error',
    stage: 'rule',
    summary: 'Two steps of one orchestration share a name.',
  },
  'unknown-lookup-index': {
    severity: 'error',
    stage: 'rule',
    summary: 'A lookup `index` names no earlier call step.',
  },
  'unknown-step-reference': {
    severity: 'warning',
    stage: 'rule',
    summary: 'A mapping or `lookupValue` `$.name…` names no step of the orchestration.',
  },
  'migrate-dropped': {
    severity: 'warning',
    stage: 'migrate',
    summary:
      '`naftiko migrate` dropped a key the target version has no place for (ikanos `tags` or `ttlMs` written as alpha2).',
  },
  'migrate-rewritten': {
    severity: 'warning',
    stage: 'migrate',
    summary:
      '`naftiko migrate` wrote the file from the model naftiko runs, because it uses community constructs the target has no spelling for (comments inside are not kept).',
  },
  'unsupported-construct': {
    severity: 'error',
    stage: 'rule',
    summary:
      'A construct a later format version accepts that naftiko cannot run (an OpenZiti `tunnel`, a Groovy script step, binary content); the message says why.',
  },
  'script-defaults-missing': {
    severity: 'error',
    stage: 'rule',
    summary: 'A script step omits `language` or `location` and the control expose sets no default.',
    spectralRule: 'naftiko-script-defaults-required',
  },
  'unknown-skill-source': {
    severity: 'error',
    stage: 'rule',
    summary: 'A skill tool `from.sourceNamespace` names no sibling rest or mcp expose.',
  },
  'unknown-skill-action': {
    severity: 'error',
    stage: 'rule',
    summary: 'A skill tool `from.action` names no tool or operation of its source expose.',
  },
  'skill-instruction-without-location': {
    severity: 'error',
    stage: 'rule',
    summary: 'A skill tool uses `instruction` but its skill has no `location` to read it from.',
  },
  'unsupplied-path-parameter': {
    severity: 'error',
    stage: 'rule',
    summary:
      'A value of a consumed path (a placeholder or an `in: path` parameter) gets none from a caller that declares its arguments (each tool, route and step is checked).',
  },
  'resilience-cache-unsafe': {
    severity: 'error',
    stage: 'rule',
    summary: '`x-naftiko-resilience.cache` on a consumed operation that is not GET or HEAD.',
  },
  'resilience-retry-not-idempotent': {
    severity: 'warning',
    stage: 'rule',
    summary:
      '`x-naftiko-resilience.retry` on a consumed operation that is neither idempotent by method nor marked `idempotent: true` (it is never retried).',
  },
  'stdio-collision': {
    severity: 'error',
    stage: 'rule',
    summary: 'A second MCP expose with `transport: stdio` (stdin/stdout carry one server).',
  },
  'unknown-argument-reference': {
    severity: 'error',
    stage: 'rule',
    summary:
      'A `with` value names an argument (`<expose>.x`, `tools.x`, `rest.x`) the tool or operation does not declare.',
  },
  'unclosed-template': {
    severity: 'error',
    stage: 'rule',
    summary: 'A string opens a `{{` template tag that is never closed.',
  },
  'undeclared-auth-variable': {
    severity: 'error',
    stage: 'rule',
    summary:
      'Official dialect: a consumes `authentication` template or `baseUri` names a variable no `binds` entry declares (they read bound variables only).',
  },
  'unsupplied-required-parameter': {
    severity: 'error',
    stage: 'rule',
    summary:
      'A required consumed parameter (query, header, cookie, body) gets no value from a caller that declares its arguments.',
  },
  'path-parameter-not-in-path': {
    severity: 'error',
    stage: 'rule',
    summary:
      'Official dialect: an `in: path` parameter whose placeholder the consumed path lacks (the request would drop it).',
  },
  'consumed-path-query': {
    severity: 'warning',
    stage: 'rule',
    summary: 'A consumed resource `path` contains a query string.',
    spectralRule: 'naftiko-consumed-resource-no-query-in-path',
  },
  'base-uri-trailing-slash': {
    severity: 'warning',
    stage: 'rule',
    summary: 'A consumes `baseUri` ends with `/`.',
    spectralRule: 'naftiko-consumes-baseuri-no-trailing-slash',
  },
  'duplicate-operation-name': {
    severity: 'error',
    stage: 'rule',
    summary: 'Two operations of one consumes namespace share a name (operations are looked up by name).',
  },
  'duplicate-resource-name': {
    severity: 'error',
    stage: 'rule',
    summary: 'Two resources of one consumes entry share a name.',
  },
  'duplicate-tool-name': {
    severity: 'error',
    stage: 'rule',
    summary: 'Two tools of one MCP expose share a name.',
  },
  'duplicate-function-name': {
    severity: 'error',
    stage: 'rule',
    summary: 'Two functions of one aggregate share a name.',
  },
  'duplicate-skill-name': {
    severity: 'error',
    stage: 'rule',
    summary: 'Two skills of one skill expose share a name.',
  },
  'unknown-template-variable': {
    severity: 'warning',
    stage: 'rule',
    summary: 'A `{{name}}` template names no bind variable, parameter, argument or step.',
  },
  'rest-path-trailing-slash': {
    severity: 'warning',
    stage: 'rule',
    summary: 'An exposed REST resource `path` ends with `/`.',
    spectralRule: 'naftiko-rest-resource-path-no-trailing-slash',
  },
  'duplicate-rest-route': {
    severity: 'error',
    stage: 'rule',
    summary:
      'Two operations of one REST expose share a method and path (placeholder names aside), or a GET takes the reserved `/openapi.json`.',
  },
  'rest-path-query': {
    severity: 'warning',
    stage: 'rule',
    summary: 'An exposed REST resource `path` contains a query string.',
    spectralRule: 'naftiko-rest-resource-path-no-query',
  },
  'consumes-description-missing': {
    severity: 'warning',
    stage: 'rule',
    summary: 'A consumes entry has no `description`.',
    spectralRule: 'naftiko-consumes-description',
  },
  'rest-resource-description-missing': {
    severity: 'warning',
    stage: 'rule',
    summary: 'An exposed REST resource has no `description`.',
    spectralRule: 'naftiko-rest-resource-description',
  },
  'aggregate-function-description-missing': {
    severity: 'warning',
    stage: 'rule',
    summary: 'An aggregate function has an empty `description`.',
    spectralRule: 'naftiko-aggregate-function-description',
  },
  'markdown-script-tag': {
    severity: 'error',
    stage: 'rule',
    summary: 'A description or label contains `<script`.',
    spectralRule: 'naftiko-no-script-tags-in-markdown',
  },
  'markdown-eval': {
    severity: 'error',
    stage: 'rule',
    summary: 'A description or label contains `eval(`.',
    spectralRule: 'naftiko-no-eval-in-markdown',
  },
  'mcp-stdio-authentication': {
    severity: 'warning',
    stage: 'rule',
    summary: 'An MCP expose sets `authentication` with `transport: stdio`.',
    spectralRule: 'naftiko-mcp-auth-stdio-conflict',
  },
  'oauth2-authorization-server-not-https': {
    severity: 'error',
    stage: 'rule',
    summary: 'OAuth2 `authorizationServerUri` does not use `https://`.',
    spectralRule: 'naftiko-oauth2-https-authserver',
  },
  'oauth2-resource-not-https': {
    severity: 'warning',
    stage: 'rule',
    summary: 'OAuth2 `resource` does not use `https://`.',
    spectralRule: 'naftiko-oauth2-resource-https',
  },
  'oauth2-scopes-missing': {
    severity: 'warning',
    stage: 'rule',
    summary: 'OAuth2 authentication defines no `scopes`.',
    spectralRule: 'naftiko-oauth2-scopes-defined',
  },
  'oauth2-scopes-without-oauth2': {
    severity: 'warning',
    stage: 'rule',
    summary: 'A tool or operation lists `scopes` (extension) but its expose has no oauth2 authentication.',
  },
  'oauth2-scope-undeclared': {
    severity: 'warning',
    stage: 'rule',
    summary: "A tool's or operation's scope is not in its expose's `authentication.scopes`.",
  },
  'aggregate-semantics-conflict': {
    severity: 'warning',
    stage: 'rule',
    summary: 'Tool hints or a REST method contradict the semantics of the referenced aggregate function.',
    spectralRule: 'naftiko-aggregate-semantics-consistency',
  },
  // Community-dialect constructs, accepted by `compatible` with a warning naming the official form.
  'community-consumes-headers': {
    severity: 'warning',
    stage: 'community',
    summary: '`headers` on a consumes entry (official: `inputParameters` with `in: header` and `value`).',
  },
  'community-consumed-parameter-fields': {
    severity: 'warning',
    stage: 'community',
    summary: '`type`/`required`/`description` on a consumed parameter (official: not allowed).',
  },
  'community-path-parameter-appended': {
    severity: 'warning',
    stage: 'community',
    summary:
      'An `in: path` parameter without a placeholder in the consumed path, appended as a trailing segment (official: the placeholder in the path).',
  },
  'community-undeclared-variable': {
    severity: 'warning',
    stage: 'community',
    summary:
      'A consumes `authentication` variable no `binds` entry declares, read from the environment variable of its name (official: declare it under `binds`).',
  },
  'community-single-brace-path': {
    severity: 'warning',
    stage: 'community',
    summary: 'A `{x}` placeholder in a consumed path (official: `{{x}}`).',
  },
  'community-body-parameter': {
    severity: 'warning',
    stage: 'community',
    summary: 'An `in: body` consumed parameter and no `body:` (official: a `body:` template).',
  },
  'community-argument-reference': {
    severity: 'warning',
    stage: 'community',
    summary: 'A `tools.x`/`rest.x` reference in `with` (official: `<expose-namespace>.x`).',
  },
  'community-output-raw-format-text': {
    severity: 'warning',
    stage: 'community',
    summary: '`outputRawFormat: text` (official: omit it or use a listed format).',
  },
  'community-object-mapping': {
    severity: 'warning',
    stage: 'community',
    summary: '`{type: object, mapping}` without `properties` (official: `properties`).',
  },
  'community-rest-description': {
    severity: 'warning',
    stage: 'community',
    summary: '`description` on a rest expose (official: not allowed).',
  },
  'community-namespaced-template': {
    severity: 'warning',
    stage: 'community',
    summary: 'A bind-namespaced `{{env.X}}` template (official: `{{X}}`).',
  },
  'community-info-title': {
    severity: 'warning',
    stage: 'community',
    summary: '`info.title` (official: `info.label`).',
  },
  'community-info-field': {
    severity: 'warning',
    stage: 'community',
    summary:
      'A key `info` does not define, such as `personas` (official: only label, description, tags, created, modified, stakeholders).',
  },
  'community-multipart-map': {
    severity: 'warning',
    stage: 'community',
    summary:
      'Multipart body `data` written as a `{field: value}` map (official: a list of `{name, value}` parts).',
  },
  'community-operation-id': {
    severity: 'warning',
    stage: 'community',
    summary: '`id` on a consumed operation (official: `name`).',
  },
  'community-auth-in-name': {
    severity: 'warning',
    stage: 'community',
    summary: 'OpenAPI-style `in`/`name` on `apikey` authentication (official: `placement`/`key`).',
  },
  'community-auth-fields': {
    severity: 'warning',
    stage: 'community',
    summary:
      'Authentication spelled the community way: `auth:`, `header`/`token` on apikey, `value` on bearer, an apikey `headers:` map (official: `authentication`, `key`/`value`/`placement`, `token`, header `inputParameters`).',
  },
  'community-enum-synonym': {
    severity: 'warning',
    stage: 'community',
    summary:
      'A case variant or synonym of an enum value, such as `apiKey` or `multipart` (official: the listed value).',
  },
  'community-head-method': {
    severity: 'warning',
    stage: 'community',
    summary: '`method: HEAD` on a consumed operation (official: not listed; sent as HEAD).',
  },
  'community-resource-name': {
    severity: 'warning',
    stage: 'community',
    summary:
      'A consumed resource name that is not kebab-case, such as `list_users` (official: letters, digits, hyphens).',
  },
  'community-wire-name': {
    severity: 'warning',
    stage: 'community',
    summary:
      'A parameter name that is not an identifier, such as `$filter` (official: none; arguments get an identifier name).',
  },
  'community-duplicate-resource-name': {
    severity: 'warning',
    stage: 'community',
    summary: 'Two consumed resources share a name (official: unique names; the later one is renamed).',
  },
  'community-operation-path': {
    severity: 'warning',
    stage: 'community',
    summary: 'A `path` on an operation, below its resource path (official: a resource of its own).',
  },
  'community-array-mapping': {
    severity: 'warning',
    stage: 'community',
    summary: '`{type: array, mapping}` without `items` (official: `items`).',
  },
  'community-base-uri-template': {
    severity: 'warning',
    stage: 'community',
    summary: '`{{VAR}}` in `baseUri`, substituted from bound variables at start (official: a literal URL).',
  },
  'community-empty-list': {
    severity: 'warning',
    stage: 'community',
    summary: 'An empty list (official: omit the key).',
  },
  'community-missing-description': {
    severity: 'warning',
    stage: 'community',
    summary: 'A tool, skill tool or input parameter without `description` (official: required).',
  },
  'community-unnamed-parameter': {
    severity: 'warning',
    stage: 'community',
    summary: 'A consumed parameter with an empty name (official: a name); it is ignored.',
  },
  'community-duplicate-consumes': {
    severity: 'warning',
    stage: 'community',
    summary: 'A consumes entry repeated identically (official: unique namespaces); the repeat is ignored.',
  },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type ValidationCode = keyof typeof VALIDATION_CODES;

/** Builds a rule diagnostic with the code's documented default severity. */
export function createDiagnostic(code: ValidationCode, pointer: string, message: string): RuleDiagnostic {
  return { code, severity: VALIDATION_CODES[code].severity, message, pointer };
}

export type DiagnosticCode = ValidationCode | SchemaIssueCode;

/** Every code `validateCapability` can emit: the stages above plus the JSON Schema stage. */
export const DIAGNOSTIC_CODES: Readonly<Record<DiagnosticCode, DiagnosticCodeInfo>> = {
  ...VALIDATION_CODES,
  ...(Object.fromEntries(
    Object.entries(SCHEMA_ISSUE_CODES).map(([code, summary]) => [
      code,
      { severity: 'error', stage: 'schema', summary },
    ]),
  ) as Record<SchemaIssueCode, DiagnosticCodeInfo>),
};

/** Whether `code` is one of the documented codes. */
export function isDiagnosticCode(code: string): code is DiagnosticCode {
  return Object.hasOwn(DIAGNOSTIC_CODES, code);
}
