import { invalidRequest } from './api-error.js';
import { getQueryArray, getQueryValue, type QueryMultiMap } from './parse-query.js';
import { SESSION_STATUSES, type SessionStatus } from './session-types.js';

/** Bounds on a creation time, from `created_at[gt|gte|lt|lte]` (milliseconds since the epoch). */
export interface TimeRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export interface SessionListFilters {
  agentId: string | undefined;
  agentVersion: number | undefined;
  statuses: Set<SessionStatus> | undefined;
  includeArchived: boolean;
  createdAt: TimeRange;
  deploymentId: string | undefined;
  memoryStoreId: string | undefined;
}

/** Reads the filters of `GET /v1/sessions` (wire spec §4.2). Unknown parameters are ignored. */
export function parseSessionListFilters(query: QueryMultiMap): SessionListFilters {
  const agentId = getQueryValue(query, 'agent_id');
  const rawVersion = getQueryValue(query, 'agent_version');
  let agentVersion: number | undefined;
  if (rawVersion !== undefined) {
    if (agentId === undefined) throw invalidRequest('agent_version: only allowed together with agent_id');
    agentVersion = Number(rawVersion);
    if (!/^\d+$/.test(rawVersion) || agentVersion < 1) {
      throw invalidRequest(`agent_version: expected a positive integer, got ${JSON.stringify(rawVersion)}`);
    }
  }
  const rawStatuses = getQueryArray(query, 'statuses');
  for (const status of rawStatuses) {
    if (!(SESSION_STATUSES as readonly string[]).includes(status)) {
      throw invalidRequest(
        `statuses[]: expected each of ${SESSION_STATUSES.join(', ')}, got ${JSON.stringify(status.slice(0, 64))}`,
      );
    }
  }
  const rawArchived = getQueryValue(query, 'include_archived');
  if (rawArchived !== undefined && rawArchived !== 'true' && rawArchived !== 'false') {
    throw invalidRequest(
      `include_archived: expected true or false, got ${JSON.stringify(rawArchived.slice(0, 64))}`,
    );
  }
  return {
    agentId,
    agentVersion,
    statuses: rawStatuses.length === 0 ? undefined : new Set(rawStatuses as SessionStatus[]),
    includeArchived: rawArchived === 'true',
    createdAt: parseTimeRange(query, 'created_at'),
    deploymentId: getQueryValue(query, 'deployment_id'),
    memoryStoreId: getQueryValue(query, 'memory_store_id'),
  };
}

/** Reads `name[gt]`, `name[gte]`, `name[lt]`, `name[lte]` as RFC 3339 times. */
export function parseTimeRange(query: QueryMultiMap, name: string): TimeRange {
  const range: TimeRange = {};
  for (const bound of ['gt', 'gte', 'lt', 'lte'] as const) {
    const raw = getQueryValue(query, `${name}[${bound}]`);
    if (raw === undefined) continue;
    const ms = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(raw)
      ? Date.parse(raw)
      : Number.NaN;
    if (Number.isNaN(ms)) {
      throw invalidRequest(
        `${name}[${bound}]: expected an RFC 3339 time such as 2026-01-01T00:00:00Z, got ${JSON.stringify(raw.slice(0, 64))}`,
      );
    }
    range[bound] = ms;
  }
  return range;
}

export function isInTimeRange(ms: number, range: TimeRange): boolean {
  if (range.gt !== undefined && !(ms > range.gt)) return false;
  if (range.gte !== undefined && !(ms >= range.gte)) return false;
  if (range.lt !== undefined && !(ms < range.lt)) return false;
  if (range.lte !== undefined && !(ms <= range.lte)) return false;
  return true;
}
