import type { ExposesSpec } from '@naftiko/spec';
import { exposeKey } from './apply-overrides.js';

/**
 * What a reload cannot apply on the running listeners, one phrase each (`rest expose "x" port
 * 3001 -> 3002`): an expose added or removed, or its type, port, address or transport changed.
 * Both lists have the engine's overrides applied, so `--port ns=0` compares equal.
 */
export function listListenerChanges(
  previous: readonly ExposesSpec[],
  next: readonly ExposesSpec[],
): string[] {
  const changes: string[] = [];
  const before = new Map(previous.map((expose) => [exposeKey(expose), expose]));
  const after = new Map(next.map((expose) => [exposeKey(expose), expose]));
  for (const [key, expose] of before) {
    if (!after.has(key)) changes.push(`${expose.type} expose "${key}" removed`);
  }
  for (const [key, expose] of after) {
    const old = before.get(key);
    if (old === undefined) {
      changes.push(`${expose.type} expose "${key}" added`);
      continue;
    }
    if (old.type !== expose.type) {
      changes.push(`${old.type} expose "${key}" becomes ${expose.type}`);
      continue;
    }
    for (const field of ['port', 'address', 'transport'] as const) {
      const was = (old as Record<string, unknown>)[field];
      const is = (expose as Record<string, unknown>)[field];
      if (was !== is) changes.push(`${expose.type} expose "${key}" ${field} ${String(was)} -> ${String(is)}`);
    }
  }
  return changes;
}
