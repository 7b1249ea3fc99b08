import type { SandboxOptions } from './sandbox-options.js';
import type { SandboxReply } from './session-worker.js';

/** The key a sandbox expects unless `apiKey` says otherwise. */
export const DEFAULT_SANDBOX_API_KEY = 'sk-ant-sandbox';

export interface SandboxSettings {
  port: number;
  host: string;
  apiKey: string | null;
  replyDelayMs: number;
  heartbeatMs: number;
  reply: SandboxReply;
  record: boolean;
  maxBodyBytes: number;
  maxRecordedRequests: number;
}

/** Applies defaults and rejects options that would make the sandbox misbehave, naming the option. */
export function validateSandboxOptions(options: SandboxOptions): SandboxSettings {
  const {
    port = 0,
    host = '127.0.0.1',
    apiKey = DEFAULT_SANDBOX_API_KEY,
    replyDelayMs = 20,
    heartbeatMs = 15_000,
    reply = (text: string) => `Sandbox agent received: ${text}`,
    record = true,
    maxBodyBytes = 1024 * 1024,
    maxRecordedRequests = 10_000,
  } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    fail('port', 'an integer from 0 to 65535 (0 picks a free port)', port);
  }
  if (typeof host !== 'string' || host.trim() === '') fail('host', 'a non-empty host name or address', host);
  if (apiKey !== null && (typeof apiKey !== 'string' || apiKey.trim() === '')) {
    fail('apiKey', 'a non-empty string, or null to accept any key', apiKey);
  }
  if (typeof replyDelayMs !== 'number' || !Number.isFinite(replyDelayMs) || replyDelayMs < 0) {
    fail('replyDelayMs', 'a number of milliseconds >= 0', replyDelayMs);
  }
  if (typeof heartbeatMs !== 'number' || !Number.isFinite(heartbeatMs) || heartbeatMs < 1) {
    fail('heartbeatMs', 'a number of milliseconds >= 1', heartbeatMs);
  }
  if (typeof reply !== 'function') fail('reply', 'a function (userText) => string', reply);
  if (typeof record !== 'boolean') fail('record', 'a boolean', record);
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1)
    fail('maxBodyBytes', 'a positive integer', maxBodyBytes);
  if (!Number.isInteger(maxRecordedRequests) || maxRecordedRequests < 1) {
    fail('maxRecordedRequests', 'a positive integer', maxRecordedRequests);
  }
  return { port, host, apiKey, replyDelayMs, heartbeatMs, reply, record, maxBodyBytes, maxRecordedRequests };
}

function fail(option: string, expected: string, got: unknown): never {
  throw new TypeError(
    `createSandbox: options.${option} must be ${expected}, got ${JSON.stringify(got) ?? String(got)}`,
  );
}
