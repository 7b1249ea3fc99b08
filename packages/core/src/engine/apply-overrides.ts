/**
 * Overrides for tests, staging and gateways: a consumes namespace's `baseUri`, an expose's
 * `port` / `address` (the control expose, which has no namespace, is keyed `control`). Unknown
 * namespaces and bad values are errors naming the known ones - a typo must not be ignored.
 */

import type { ConsumesHttpSpec, ExposesSpec } from '@naftiko/spec';
import type { Capability } from '../capability.js';
import { NaftikoError } from '../errors.js';

export interface EngineOverrides {
  /** Consumes namespace -> base URI (http or https). */
  baseUri?: Record<string, string>;
  /** Expose namespace (or `control`) -> port; 0 picks a free port. */
  port?: Record<string, number>;
  /** Expose namespace (or `control`) -> address to bind. */
  address?: Record<string, string>;
}

/** The key overrides use for an expose. */
export function exposeKey(expose: ExposesSpec): string {
  return expose.type === 'control' ? 'control' : (expose as { namespace: string }).namespace;
}

export function checkOverrides(capability: Capability, overrides: EngineOverrides): void {
  const consumes = capability.consumes.map((c) => c.namespace);
  const exposes = capability.exposes.map(exposeKey);
  for (const [namespace, value] of Object.entries(overrides.baseUri ?? {})) {
    if (!consumes.includes(namespace)) throw unknown('baseUri', namespace, 'consumes', consumes);
    if (!/^https?:\/\/[^/?#]+/.test(value)) {
      throw new NaftikoError(
        'OVERRIDE_INVALID',
        `baseUri override for "${namespace}" must be an http:// or https:// URL, got "${value}".`,
        { data: { kind: 'baseUri', namespace } },
      );
    }
  }
  for (const [namespace, value] of Object.entries(overrides.port ?? {})) {
    if (!exposes.includes(namespace)) throw unknown('port', namespace, 'exposes', exposes);
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      throw new NaftikoError(
        'OVERRIDE_INVALID',
        `port override for "${namespace}" must be 0-65535, got ${value}.`,
        {
          data: { kind: 'port', namespace },
        },
      );
    }
  }
  for (const namespace of Object.keys(overrides.address ?? {})) {
    if (!exposes.includes(namespace)) throw unknown('address', namespace, 'exposes', exposes);
  }
}

export function overrideConsumes(consumes: ConsumesHttpSpec, overrides: EngineOverrides): ConsumesHttpSpec {
  const baseUri = overrides.baseUri?.[consumes.namespace];
  return baseUri === undefined ? consumes : { ...consumes, baseUri: baseUri.replace(/\/+$/, '') };
}

export function overrideExpose(expose: ExposesSpec, overrides: EngineOverrides): ExposesSpec {
  const key = exposeKey(expose);
  const port = overrides.port?.[key];
  const address = overrides.address?.[key];
  if (port === undefined && address === undefined) return expose;
  return {
    ...expose,
    ...(port === undefined ? {} : { port }),
    ...(address === undefined ? {} : { address }),
  } as ExposesSpec;
}

function unknown(kind: string, namespace: string, what: string, known: string[]): NaftikoError {
  return new NaftikoError(
    'OVERRIDE_INVALID',
    `${kind} override names "${namespace}", but no ${what} entry has that namespace${known.length ? ` (${what}: ${known.join(', ')})` : ''}.`,
    { data: { kind, namespace } },
  );
}
