import { invalidRequest } from './api-error.js';
import type { JsonObject } from './session-types.js';

/**
 * Field checks shared by the request validators. Each failure is a 400 whose message starts with the
 * field's path (`agent.id`, `events[0].type`), the way the real API names the offending field.
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function expectObject(value: unknown, path: string): JsonObject {
  if (!isJsonObject(value)) throw invalidRequest(`${path}: expected an object, got ${describe(value)}`);
  return value;
}

export function expectNonEmptyString(value: unknown, path: string): string {
  if (value === undefined) throw invalidRequest(`${path}: Field required`);
  if (typeof value !== 'string') throw invalidRequest(`${path}: expected a string, got ${describe(value)}`);
  if (value.trim() === '') throw invalidRequest(`${path}: must not be empty`);
  return value;
}

export function expectOptionalString(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${path}: expected a string, got ${describe(value)}`);
  return value;
}

export function expectNullableString(value: unknown, path: string): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') {
    throw invalidRequest(`${path}: expected a string or null, got ${describe(value)}`);
  }
  return value;
}

export function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw invalidRequest(`${path}: expected an array, got ${describe(value)}`);
  return value;
}

export function expectOneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (value === undefined) throw invalidRequest(`${path}: Field required`);
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidRequest(
      `${path}: expected one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}, got ${
        typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : describe(value)
      }`,
    );
  }
  return value as T;
}

/** Rejects fields the endpoint does not define, like the real API's strict request models. */
export function rejectUnknownFields(value: JsonObject, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const where = path === '' ? key : `${path}.${key}`;
      throw invalidRequest(`${where}: Extra inputs are not permitted`);
    }
  }
}

const METADATA_MAX_PAIRS = 16;
const METADATA_MAX_KEY = 64;
const METADATA_MAX_VALUE = 512;

/**
 * Validates a metadata map: at most 16 pairs, keys up to 64 characters, string values up to 512.
 * `allowNull` admits `null` values, which the update endpoint uses to delete a key.
 */
export function expectMetadata(
  value: unknown,
  options: { path: string; allowNull: boolean },
): Record<string, string | null> {
  const { path, allowNull } = options;
  const object = expectObject(value, path);
  const entries = Object.entries(object);
  for (const [key, item] of entries) {
    if (key.length === 0 || key.length > METADATA_MAX_KEY) {
      throw invalidRequest(`${path}: keys must be 1 to ${METADATA_MAX_KEY} characters long`);
    }
    if (item === null && allowNull) continue;
    if (typeof item !== 'string') {
      throw invalidRequest(
        `${path}.${key}: expected a string${allowNull ? ' or null (to delete the key)' : ''}, got ${describe(item)}`,
      );
    }
    if (item.length > METADATA_MAX_VALUE) {
      throw invalidRequest(`${path}.${key}: values must be at most ${METADATA_MAX_VALUE} characters long`);
    }
  }
  return object as Record<string, string | null>;
}

/** Checks that a metadata map stays within the pair limit after a create or an update. */
export function checkMetadataSize(metadata: Record<string, string>, path: string): void {
  if (Object.keys(metadata).length > METADATA_MAX_PAIRS) {
    throw invalidRequest(`${path}: at most ${METADATA_MAX_PAIRS} key-value pairs are allowed`);
  }
}
