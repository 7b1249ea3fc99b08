/** Wire types of the Managed Agents Sessions API, as far as the sandbox produces them (wire spec §3, §5.3). */

export type SessionStatus = 'idle' | 'running' | 'rescheduling' | 'terminated';

export const SESSION_STATUSES: readonly SessionStatus[] = ['idle', 'running', 'rescheduling', 'terminated'];

export type JsonObject = Record<string, unknown>;

export interface SessionAgent {
  type: 'agent';
  id: string;
  version: number;
  name: string;
  description: string | null;
  system: string | null;
  model: JsonObject;
  tools: unknown[];
  mcp_servers: unknown[];
  skills: unknown[];
  multiagent: null;
  execution_identity: { type: 'service_account' };
}

export interface SessionUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  active_seconds: number;
  list_cost: null;
  server_tool_use: null;
}

export interface Session {
  id: string;
  type: 'session';
  status: SessionStatus;
  title: string | null;
  metadata: Record<string, string>;
  environment_id: string;
  agent: SessionAgent;
  resources: JsonObject[];
  vault_ids: string[];
  archived_at: string | null;
  budget: JsonObject | null;
  outcome_evaluations: JsonObject[];
  stats: { active_seconds: number; duration_seconds: number };
  usage: SessionUsage;
  created_at: string;
  updated_at: string;
  deployment_id: string | null;
}

/** A persisted event: every one has a `sevt_` id and `processed_at` (null while queued). */
export interface SessionEvent extends JsonObject {
  id: string;
  type: string;
  processed_at: string | null;
}

/** Preview frames (`event_start` / `event_delta`): sent only to streams that opted in, never persisted. */
export interface PreviewFrame extends JsonObject {
  type: 'event_start' | 'event_delta';
}
