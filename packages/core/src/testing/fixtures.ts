/** Test-only helpers (excluded from the build). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CapabilityDocumentSpec } from '@naftiko/spec';
import { parse } from 'yaml';
import { type Capability, createCapability } from '../capability.js';
import type {
  ConsumerCreateOptions,
  ConsumerInstance,
  ConsumerRequest,
  ConsumerResponse,
  ConsumerV1,
} from '../extension.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const seedPath = join(repoRoot, 'capabilities/managed-agents-sessions.yaml');

/** A capability straight from YAML text, without validation (unit tests of core alone). */
export function capabilityFromYaml(source: string, baseDir = repoRoot): Capability {
  return createCapability({
    document: parse(source) as CapabilityDocumentSpec,
    baseDir,
    dialect: 'compatible',
  });
}

export function seedCapability(): Capability {
  return capabilityFromYaml(readFileSync(seedPath, 'utf8'), dirname(seedPath));
}

export type Respond = (
  request: ConsumerRequest,
  namespace: string,
) => ConsumerResponse | Promise<ConsumerResponse>;

export const jsonResponse = (value: unknown, status = 200): ConsumerResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  contentType: 'application/json',
  body: { type: 'data', value },
});

/**
 * A tiny in-process ConsumerV1 (our own extension point, not a mock of a boundary): it records
 * what core asks for and answers with `respond`.
 */
export function createRecordingConsumer(
  respond: Respond = (request) => jsonResponse({ echo: request.parameters }),
) {
  const requests: { namespace: string; request: ConsumerRequest }[] = [];
  const created: ConsumerCreateOptions[] = [];
  const events: string[] = [];
  const consumer: ConsumerV1 = {
    specificationVersion: 'v1',
    type: 'http',
    doCreate(options) {
      created.push(options);
      const namespace = options.consumes.namespace;
      events.push(`create ${namespace}`);
      const instance: ConsumerInstance = {
        namespace,
        doInvoke: async (request) => {
          requests.push({ namespace, request });
          return respond(request, namespace);
        },
        doClose: async () => {
          events.push(`close ${namespace}`);
        },
      };
      return instance;
    },
  };
  return { consumer, requests, created, events };
}
