import { invalidRequest } from './api-error.js';
import type { JsonObject } from './session-types.js';
import {
  describe,
  expectArray,
  expectNonEmptyString,
  expectObject,
  expectOneOf,
  isJsonObject,
  rejectUnknownFields,
} from './validate-fields.js';

/** The event types a client may send (wire spec §4.7), with the fields each one allows. */
const EVENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'user.message': ['type', 'content'],
  'user.interrupt': ['type', 'session_thread_id'],
  'user.tool_confirmation': ['type', 'tool_use_id', 'result', 'deny_message', 'session_thread_id'],
  'user.custom_tool_result': ['type', 'custom_tool_use_id', 'content', 'is_error', 'session_thread_id'],
  'user.define_outcome': ['type', 'description', 'rubric', 'max_iterations'],
  'user.tool_result': ['type', 'tool_use_id', 'content', 'is_error', 'session_thread_id'],
  'system.message': ['type', 'content'],
};

export const SENDABLE_EVENT_TYPES: readonly string[] = Object.keys(EVENT_FIELDS);

const MESSAGE_BLOCK_TYPES = ['text', 'image', 'document', 'redacted'] as const;
const RESULT_BLOCK_TYPES = ['text', 'image', 'document', 'search_result'] as const;

/**
 * Validates one event a client sends, either in `POST /events` or in `initial_events` of a create.
 * `allowedTypes` narrows the set (create only takes `user.message` and `user.define_outcome`).
 * Returns a shallow copy so later server-side fields never alias the client's object.
 */
export function validateEventParam(options: {
  value: unknown;
  path: string;
  allowedTypes?: readonly string[];
}): JsonObject & { type: string } {
  const { value, path, allowedTypes = SENDABLE_EVENT_TYPES } = options;
  const event = expectObject(value, path);
  const type = expectOneOf(event.type, allowedTypes, `${path}.type`);
  rejectUnknownFields(event, EVENT_FIELDS[type] ?? ['type'], path);

  switch (type) {
    case 'user.message':
      checkContent(event.content, `${path}.content`, MESSAGE_BLOCK_TYPES, true);
      break;
    case 'system.message':
      checkContent(event.content, `${path}.content`, ['text'], true);
      break;
    case 'user.tool_confirmation': {
      expectNonEmptyString(event.tool_use_id, `${path}.tool_use_id`);
      const result = expectOneOf(event.result, ['allow', 'deny'], `${path}.result`);
      if (event.deny_message !== undefined) {
        if (result !== 'deny')
          throw invalidRequest(`${path}.deny_message: only allowed when result is "deny"`);
        if (typeof event.deny_message !== 'string') {
          throw invalidRequest(
            `${path}.deny_message: expected a string, got ${describe(event.deny_message)}`,
          );
        }
      }
      break;
    }
    case 'user.custom_tool_result':
      expectNonEmptyString(event.custom_tool_use_id, `${path}.custom_tool_use_id`);
      checkToolResult(event, path);
      break;
    case 'user.tool_result':
      expectNonEmptyString(event.tool_use_id, `${path}.tool_use_id`);
      checkToolResult(event, path);
      break;
    case 'user.define_outcome':
      expectNonEmptyString(event.description, `${path}.description`);
      if (event.rubric !== undefined) {
        const rubric = expectObject(event.rubric, `${path}.rubric`);
        expectOneOf(rubric.type, ['text', 'file'], `${path}.rubric.type`);
      }
      if (
        event.max_iterations !== undefined &&
        !(Number.isInteger(event.max_iterations) && (event.max_iterations as number) > 0)
      ) {
        throw invalidRequest(`${path}.max_iterations: expected a positive integer`);
      }
      break;
    default:
      break;
  }
  if (event.session_thread_id !== undefined) {
    expectNonEmptyString(event.session_thread_id, `${path}.session_thread_id`);
  }
  return { ...event, type };
}

function checkToolResult(event: JsonObject, path: string): void {
  if (event.content !== undefined) checkContent(event.content, `${path}.content`, RESULT_BLOCK_TYPES, false);
  if (event.is_error !== undefined && typeof event.is_error !== 'boolean') {
    throw invalidRequest(`${path}.is_error: expected a boolean, got ${describe(event.is_error)}`);
  }
}

function checkContent(value: unknown, path: string, blockTypes: readonly string[], required: boolean): void {
  if (value === undefined && required) throw invalidRequest(`${path}: Field required`);
  const blocks = expectArray(value, path);
  if (required && blocks.length === 0)
    throw invalidRequest(`${path}: must contain at least one content block`);
  blocks.forEach((block, index) => {
    const where = `${path}[${index}]`;
    if (!isJsonObject(block)) throw invalidRequest(`${where}: expected an object, got ${describe(block)}`);
    const type = expectOneOf(block.type, blockTypes, `${where}.type`);
    if (type === 'text' && typeof block.text !== 'string') {
      throw invalidRequest(`${where}.text: expected a string, got ${describe(block.text)}`);
    }
    if ((type === 'image' || type === 'document') && !isJsonObject(block.source)) {
      throw invalidRequest(`${where}.source: expected an object, got ${describe(block.source)}`);
    }
  });
}
