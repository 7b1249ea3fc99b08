import { UsageError } from '../usage-error.js';

/** What `naftiko run` bounds per call, per MCP session and for the whole process. */
export interface RunLimits {
  /** `--max-calls`: upstream calls in flight at once (http consumer `maxConcurrentCalls`). */
  maxCalls?: number;
  /** `--max-session-calls`: requests in flight per MCP session (exposer `maxSessionCalls`). */
  maxSessionCalls?: number;
  /**
   * `--max-response-bytes`: what one call may collect, a JSON/text answer (consumer
   * `maxResponseBytes`) or a streaming tool's events (MCP `maxStreamBytes`).
   */
  maxResponseBytes?: number;
}

const FLAGS = {
  'max-calls': 'maxCalls',
  'max-session-calls': 'maxSessionCalls',
  'max-response-bytes': 'maxResponseBytes',
} as const;

/** The limit flags as numbers; anything but a positive integer is a usage error naming the flag. */
export function parseRunLimits(values: Partial<Record<keyof typeof FLAGS, string>>): RunLimits {
  const limits: RunLimits = {};
  for (const [flag, key] of Object.entries(FLAGS) as [keyof typeof FLAGS, keyof RunLimits][]) {
    const text = values[flag];
    if (text === undefined) continue;
    const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new UsageError(`--${flag} must be a positive integer, got '${text}'.`, { command: 'run' });
    }
    limits[key] = value;
  }
  return limits;
}
