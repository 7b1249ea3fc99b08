import { invalidRequest } from './api-error.js';
import type { JsonObject } from './session-types.js';
import { validateEventParam } from './validate-event-params.js';
import {
  checkMetadataSize,
  describe,
  expectArray,
  expectMetadata,
  expectNonEmptyString,
  expectNullableString,
  expectObject,
  expectOneOf,
  expectOptionalString,
  isJsonObject,
  rejectUnknownFields,
} from './validate-fields.js';

/** A validated `POST /v1/sessions` body, normalised for `buildSession`. */
export interface SessionCreateInput {
  agent: { id: string; version: number | undefined; overrides: JsonObject | undefined };
  environmentId: string;
  title: string | null;
  metadata: Record<string, string>;
  resources: JsonObject[];
  vaultIds: string[];
  initialEvents: (JsonObject & { type: string })[];
  budget: JsonObject | null;
}

const CREATE_FIELDS = [
  'agent',
  'environment_id',
  'title',
  'metadata',
  'resources',
  'vault_ids',
  'initial_events',
  'budget',
] as const;
const OVERRIDE_FIELDS = ['type', 'id', 'version', 'model', 'system', 'tools', 'mcp_servers', 'skills'];
const MAX_INITIAL_EVENTS = 50;

/** Validates a create body (wire spec §4.1); every failure names the field. */
export function validateSessionCreate(body: unknown): SessionCreateInput {
  const object = expectObject(body, 'body');
  rejectUnknownFields(object, CREATE_FIELDS, '');
  if (object.agent === undefined) {
    throw invalidRequest(
      'agent: Field required (an agent id such as "agent_..." or {"type":"agent","id":...})',
    );
  }
  if (object.environment_id === undefined) {
    throw invalidRequest('environment_id: Field required (the id of an environment, "env_...")');
  }
  const metadata =
    object.metadata === undefined
      ? {}
      : expectMetadata(object.metadata, { path: 'metadata', allowNull: false });
  checkMetadataSize(metadata as Record<string, string>, 'metadata');
  const initialEvents =
    object.initial_events === undefined ? [] : expectArray(object.initial_events, 'initial_events');
  if (initialEvents.length > MAX_INITIAL_EVENTS) {
    throw invalidRequest(`initial_events: at most ${MAX_INITIAL_EVENTS} events are allowed`);
  }
  return {
    agent: validateAgentReference(object.agent),
    environmentId: expectNonEmptyString(object.environment_id, 'environment_id'),
    title: expectNullableString(object.title, 'title') ?? null,
    metadata: metadata as Record<string, string>,
    resources: (object.resources === undefined ? [] : expectArray(object.resources, 'resources')).map(
      (resource, index) => validateResource(resource, `resources[${index}]`),
    ),
    vaultIds: (object.vault_ids === undefined ? [] : expectArray(object.vault_ids, 'vault_ids')).map(
      (id, index) => expectNonEmptyString(id, `vault_ids[${index}]`),
    ),
    initialEvents: initialEvents.map((event, index) =>
      validateEventParam({
        value: event,
        path: `initial_events[${index}]`,
        allowedTypes: ['user.message', 'user.define_outcome'],
      }),
    ),
    budget: validateBudget(object.budget, 'budget') ?? null,
  };
}

function validateAgentReference(value: unknown): SessionCreateInput['agent'] {
  if (typeof value === 'string') {
    return { id: expectNonEmptyString(value, 'agent'), version: undefined, overrides: undefined };
  }
  if (!isJsonObject(value)) {
    throw invalidRequest(`agent: expected an agent id string or an object, got ${describe(value)}`);
  }
  const type = expectOneOf(value.type, ['agent', 'agent_with_overrides'], 'agent.type');
  rejectUnknownFields(value, type === 'agent' ? ['type', 'id', 'version'] : OVERRIDE_FIELDS, 'agent');
  const id = expectNonEmptyString(value.id, 'agent.id');
  let version: number | undefined;
  if (value.version !== undefined) {
    if (!Number.isInteger(value.version) || (value.version as number) < 1) {
      throw invalidRequest(`agent.version: expected a positive integer, got ${describe(value.version)}`);
    }
    version = value.version as number;
  }
  if (type === 'agent') return { id, version, overrides: undefined };

  const overrides: JsonObject = {};
  if (value.model !== undefined) {
    if (typeof value.model === 'string')
      overrides.model = { id: expectNonEmptyString(value.model, 'agent.model') };
    else {
      const model = expectObject(value.model, 'agent.model');
      expectNonEmptyString(model.id, 'agent.model.id');
      overrides.model = { ...model };
    }
  }
  if (value.system !== undefined) overrides.system = expectNullableString(value.system, 'agent.system');
  for (const key of ['tools', 'mcp_servers', 'skills'] as const) {
    if (value[key] !== undefined) overrides[key] = expectArray(value[key], `agent.${key}`);
  }
  return { id, version, overrides };
}

function validateResource(value: unknown, path: string): JsonObject {
  const resource = expectObject(value, path);
  const type = expectOneOf(resource.type, ['file', 'github_repository', 'memory_store'], `${path}.type`);
  switch (type) {
    case 'file':
      rejectUnknownFields(resource, ['type', 'file_id', 'mount_path'], path);
      expectNonEmptyString(resource.file_id, `${path}.file_id`);
      expectOptionalString(resource.mount_path, `${path}.mount_path`);
      break;
    case 'github_repository':
      rejectUnknownFields(resource, ['type', 'url', 'authorization_token', 'mount_path', 'checkout'], path);
      expectNonEmptyString(resource.url, `${path}.url`);
      expectOptionalString(resource.authorization_token, `${path}.authorization_token`);
      expectOptionalString(resource.mount_path, `${path}.mount_path`);
      if (resource.checkout !== undefined && resource.checkout !== null) {
        const checkout = expectObject(resource.checkout, `${path}.checkout`);
        const kind = expectOneOf(checkout.type, ['branch', 'commit'], `${path}.checkout.type`);
        expectNonEmptyString(
          kind === 'branch' ? checkout.name : checkout.sha,
          `${path}.checkout.${kind === 'branch' ? 'name' : 'sha'}`,
        );
      }
      break;
    default:
      rejectUnknownFields(
        resource,
        ['type', 'memory_store_id', 'access', 'instructions', 'mount_path', 'name', 'description'],
        path,
      );
      expectNonEmptyString(resource.memory_store_id, `${path}.memory_store_id`);
      if (resource.access !== undefined)
        expectOneOf(resource.access, ['read_only', 'read_write'], `${path}.access`);
      expectOptionalString(resource.instructions, `${path}.instructions`);
      break;
  }
  return resource;
}

/** `{"type":"limit","max_list_cost":{"amount":"2500","currency":"USD"}}` or null; shared with update. */
export function validateBudget(value: unknown, path: string): JsonObject | null | undefined {
  if (value === undefined || value === null) return value;
  const budget = expectObject(value, path);
  rejectUnknownFields(budget, ['type', 'max_list_cost'], path);
  expectOneOf(budget.type, ['limit'], `${path}.type`);
  const cost = expectObject(budget.max_list_cost, `${path}.max_list_cost`);
  rejectUnknownFields(cost, ['amount', 'currency'], `${path}.max_list_cost`);
  const amount = expectNonEmptyString(cost.amount, `${path}.max_list_cost.amount`);
  if (!/^\d+(\.\d+)?$/.test(amount)) {
    throw invalidRequest(`${path}.max_list_cost.amount: expected a decimal string such as "2500"`);
  }
  expectNonEmptyString(cost.currency, `${path}.max_list_cost.currency`);
  return { type: 'limit', max_list_cost: { amount, currency: cost.currency } };
}
