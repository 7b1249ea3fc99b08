import { UsageError } from '../usage-error.js';

/** The session limits of `naftiko run`, as the MCP exposer takes them. */
export interface ServeLimits {
  maxSessions?: number;
  sessionIdleMs?: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * `--max-sessions N` (a whole number from 1) and `--session-idle DURATION` (`90s`, `30m`, `2h`,
 * `500ms`; a bare number is seconds); a malformed value is a usage error naming the flag.
 */
export function parseServeLimits(values: { maxSessions?: string; sessionIdle?: string }): ServeLimits {
  const limits: ServeLimits = {};
  if (values.maxSessions !== undefined) {
    const text = values.maxSessions.trim();
    const count = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
    if (!(count >= 1)) {
      throw new UsageError(`--max-sessions ${values.maxSessions}: expected a whole number of at least 1.`, {
        command: 'run',
      });
    }
    limits.maxSessions = count;
  }
  if (values.sessionIdle !== undefined) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(values.sessionIdle.trim().toLowerCase());
    const ms = match ? Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 's'] as number)) : 0;
    if (!(ms >= 1_000 && ms <= 2_147_483_647)) {
      throw new UsageError(
        `--session-idle ${values.sessionIdle}: expected a duration from 1s to 24d, such as 90s, 30m or 2h (a bare number is seconds).`,
        { command: 'run' },
      );
    }
    limits.sessionIdleMs = ms;
  }
  return limits;
}
