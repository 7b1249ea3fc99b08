import { invalidRequest } from './api-error.js';
import type { JsonObject } from './session-types.js';
import {
  expectArray,
  expectMetadata,
  expectNullableString,
  expectObject,
  rejectUnknownFields,
} from './validate-fields.js';
import { validateBudget } from './validate-session-create.js';

/** A validated `POST /v1/sessions/{id}` body; absent keys mean "keep". */
export interface SessionUpdateInput {
  title?: string | null;
  metadata?: Record<string, string | null>;
  agent?: { tools?: unknown[]; mcp_servers?: unknown[] };
  budget?: JsonObject | null;
}

/** Validates an update body (wire spec §4.4). */
export function validateSessionUpdate(body: unknown): SessionUpdateInput {
  const object = expectObject(body, 'body');
  if (object.vault_ids !== undefined) {
    throw invalidRequest(
      'vault_ids: updating vault_ids is not supported; set them when creating the session',
    );
  }
  rejectUnknownFields(object, ['title', 'metadata', 'agent', 'budget'], '');
  const update: SessionUpdateInput = {};
  if (object.title !== undefined) update.title = expectNullableString(object.title, 'title') ?? null;
  if (object.metadata !== undefined) {
    update.metadata = expectMetadata(object.metadata, { path: 'metadata', allowNull: true });
  }
  if (object.agent !== undefined) {
    const agent = expectObject(object.agent, 'agent');
    rejectUnknownFields(agent, ['tools', 'mcp_servers'], 'agent');
    update.agent = {};
    if (agent.tools !== undefined) update.agent.tools = expectArray(agent.tools, 'agent.tools');
    if (agent.mcp_servers !== undefined) {
      update.agent.mcp_servers = expectArray(agent.mcp_servers, 'agent.mcp_servers');
    }
  }
  if (object.budget !== undefined) update.budget = validateBudget(object.budget, 'budget') ?? null;
  return update;
}
