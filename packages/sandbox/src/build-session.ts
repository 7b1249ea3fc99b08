import { createId } from './create-id.js';
import type { JsonObject, Session, SessionAgent } from './session-types.js';
import type { SessionCreateInput } from './validate-session-create.js';

/**
 * The agent snapshot a session carries. The sandbox has no agents registry, so any agent id is
 * accepted and snapshotted with sandbox defaults, then `agent_with_overrides` fields applied.
 */
export function buildSessionAgent(reference: SessionCreateInput['agent']): SessionAgent {
  const overrides = reference.overrides ?? {};
  return {
    type: 'agent',
    id: reference.id,
    version: reference.version ?? 1,
    name: 'Sandbox agent',
    description: null,
    system: (overrides.system as string | null | undefined) ?? null,
    model: (overrides.model as JsonObject | undefined) ?? { id: 'claude-opus-4-8', speed: 'standard' },
    tools: (overrides.tools as unknown[] | undefined) ?? [
      {
        type: 'agent_toolset_20260401',
        default_config: { enabled: true, permission_policy: { type: 'always_allow' } },
        configs: [],
      },
    ],
    mcp_servers: (overrides.mcp_servers as unknown[] | undefined) ?? [],
    skills: (overrides.skills as unknown[] | undefined) ?? [],
    multiagent: null,
    execution_identity: { type: 'service_account' },
  };
}

/** Builds the full 1.14.0 session object (wire spec §3), which every SDK version accepts. */
export function buildSession(options: { input: SessionCreateInput; now: string }): Session {
  const { input, now } = options;
  return {
    id: createId('sesn'),
    type: 'session',
    status: 'idle',
    title: input.title,
    metadata: { ...input.metadata },
    environment_id: input.environmentId,
    agent: buildSessionAgent(input.agent),
    resources: input.resources.map((resource) => buildResource(resource, now)),
    vault_ids: [...input.vaultIds],
    archived_at: null,
    budget: input.budget,
    outcome_evaluations: [],
    stats: { active_seconds: 0, duration_seconds: 0 },
    usage: {
      input_tokens: 0,
      output_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      active_seconds: 0,
      list_cost: null,
      server_tool_use: null,
    },
    created_at: now,
    updated_at: now,
    deployment_id: null,
  };
}

// Resources as the API returns them: server ids and timestamps added, secrets
// (`authorization_token`) never echoed back.
function buildResource(resource: JsonObject, now: string): JsonObject {
  switch (resource.type) {
    case 'file':
      return {
        type: 'file',
        id: createId('sesrsc'),
        file_id: resource.file_id,
        mount_path: resource.mount_path ?? `/mnt/session/uploads/${String(resource.file_id)}`,
        created_at: now,
        updated_at: now,
      };
    case 'github_repository': {
      const name = String(resource.url).replace(/\/+$/, '').split('/').pop() ?? 'repository';
      return {
        type: 'github_repository',
        id: createId('sesrsc'),
        url: resource.url,
        mount_path: resource.mount_path ?? `/workspace/${name.replace(/\.git$/, '')}`,
        checkout: resource.checkout ?? null,
        created_at: now,
        updated_at: now,
      };
    }
    default:
      return {
        type: 'memory_store',
        memory_store_id: resource.memory_store_id,
        access: resource.access ?? 'read_write',
        instructions: resource.instructions ?? null,
        ...(resource.mount_path === undefined ? {} : { mount_path: resource.mount_path }),
        ...(resource.name === undefined ? {} : { name: resource.name }),
        ...(resource.description === undefined ? {} : { description: resource.description }),
      };
  }
}
