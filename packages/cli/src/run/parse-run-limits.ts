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
  /** `--max-sessions`: MCP sessions per expose; at the cap the least recently used idle one goes. */
  maxSessions?: number;
  /** `--session-idle`: MCP sessions idle this long are closed, in ms. */
  sessionIdleMs?: number;
}

export type RunLimitFlag =
  | 'max-calls'
  | 'max-session-calls'
  | 'max-response-bytes'
  | 'max-sessions'
  | 'session-idle';

const COUNTS = {
  'max-calls': 'maxCalls',
  'max-session-calls': 'maxSessionCalls',
  'max-response-bytes': 'maxResponseBytes',
  'max-sessions': 'maxSessions',
} as const;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * The limit flags of `naftiko run`: counts are positive integers, `--session-idle` a duration
 * (`90s`, `30m`, `2h`, `500ms`; a bare number is seconds). Anything else is a usage error naming
 * the flag and the expected form.
 */
export function parseRunLimits(values: Partial<Record<RunLimitFlag, string>>): RunLimits {
  const limits: RunLimits = {};
  for (const [flag, key] of Object.entries(COUNTS) as [keyof typeof COUNTS, keyof RunLimits][]) {
    const text = values[flag];
    if (text === undefined) continue;
    const value = /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new UsageError(`--${flag} must be a positive integer, got '${text}'.`, { command: 'run' });
    }
    limits[key] = value;
  }
  const idle = values['session-idle'];
  if (idle !== undefined) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(idle.trim().toLowerCase());
    const ms = match ? Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 's'] as number)) : 0;
    if (!(ms >= 1_000 && ms <= 2_147_483_647)) {
      throw new UsageError(
        `--session-idle must be a duration from 1s to 24d, such as 90s, 30m or 2h (a bare number is seconds), got '${idle}'.`,
        { command: 'run' },
      );
    }
    limits.sessionIdleMs = ms;
  }
  return limits;
}
