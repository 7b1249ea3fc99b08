/** Test-only helpers (excluded from the build). */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ActionFactory,
  type Capability,
  createActionFactory,
  createRedactor,
  emptyBindingValues,
  loadCapability,
} from '@naftiko/core';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const seedPath = join(repoRoot, 'capabilities/managed-agents-sessions.yaml');
export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Loads and validates a capability file or YAML text; throws with the diagnostics otherwise. */
export function loadFixture(pathOrSource: string, baseDir?: string): Capability {
  const isSource = /[\r\n]/.test(pathOrSource);
  const result = loadCapability(
    pathOrSource,
    isSource ? { kind: 'source', filename: '<fixture>', ...(baseDir ? { baseDir } : {}) } : {},
  );
  if (!result.capability) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.capability;
}

export function offlineActions(capability: Capability): ActionFactory {
  return createActionFactory({
    capability,
    consumer: () => undefined,
    bindings: () => emptyBindingValues,
    redactor: () => createRedactor({ values: [] }),
  });
}
