export { MANAGED_AGENTS_BETA, SUPPORTED_ANTHROPIC_VERSIONS } from './check-headers.js';
export { createSandbox, DEFAULT_SANDBOX_API_KEY, type Sandbox } from './create-sandbox.js';
export type { QueryMultiMap } from './parse-query.js';
export type { RecordedRequest } from './recorded-request.js';
export type { SandboxOptions } from './sandbox-options.js';
export type { Session, SessionEvent, SessionStatus } from './session-types.js';
export type { SandboxReply } from './session-worker.js';
