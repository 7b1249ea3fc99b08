import type { SandboxReply } from './session-worker.js';

export interface SandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default so the sandbox is never reachable from the network. */
  host?: string;
  /** The key requests must carry as `x-api-key` or `Authorization: Bearer`; null accepts any non-empty key. */
  apiKey?: string | null;
  /** Pause between the scripted events of an agent turn, in ms (default 20; 0 still yields). */
  replyDelayMs?: number;
  /** Interval of `event: ping` frames on open streams, in ms (default 15000). */
  heartbeatMs?: number;
  /** The agent's reply to a user message's text (default `Sandbox agent received: <text>`). */
  reply?: SandboxReply;
  /** Keep every request in `requests` (default true; turn off for benchmarks). */
  record?: boolean;
  /** Request bodies above this many bytes get 413 `request_too_large` (default 1 MiB). */
  maxBodyBytes?: number;
  /** Oldest recorded requests are dropped past this count (default 10000), so long runs stay bounded. */
  maxRecordedRequests?: number;
}
