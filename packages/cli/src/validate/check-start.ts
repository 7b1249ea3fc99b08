import { createHttpConsumer } from '@naftiko/consumer-http';
import { type Capability, createEngine, isNaftikoError, silentLogger } from '@naftiko/core';
import { loadYaml } from '@naftiko/spec';
import type { Diagnostic } from '../diagnostic.js';
import { loadExposers } from '../run/load-exposers.js';

export interface CheckStartOptions {
  capability: Capability;
  /** As diagnostics name it. */
  file: string;
  /** The file's text, to give the diagnostic a line and column. */
  source?: string;
}

/**
 * `validate` = `run`: creates every consumer and expose of a valid capability exactly as
 * `naftiko run` does (a dry run: placeholder variables, no listener), so whatever the start
 * would refuse is an error here too, placed at the consumes or expose entry it comes from.
 */
export async function checkStart({ capability, file, source }: CheckStartOptions): Promise<Diagnostic[]> {
  const engine = createEngine({
    capability,
    exposers: await loadExposers({
      types: new Set(capability.exposes.map((expose) => expose.type)),
      allowedHosts: [],
      shutdownGraceMs: 0,
      mcp: {},
    }),
    // Nothing is called: undici stays unloaded (bench/README.md has its share of a cold validate).
    consumers: [createHttpConsumer({ lazyPool: true })],
    env: {},
    logger: silentLogger,
    dryRun: true,
  });
  try {
    await engine.start();
    await engine.stop();
    return [];
  } catch (error) {
    const pointer = locate(capability, error);
    const range = source === undefined ? undefined : loadYaml({ source }).locate(pointer);
    return [
      {
        code: isNaftikoError(error) ? error.code.toLowerCase().replace(/_/g, '-') : 'engine-check-failed',
        severity: 'error',
        message: error instanceof Error ? error.message : String(error),
        pointer,
        file,
        ...range,
      },
    ];
  }
}

/** The consumes or expose entry a start error names (by namespace), else the capability. */
function locate(capability: Capability, error: unknown): string {
  const data = isNaftikoError(error) ? error.data : {};
  const text = [data.operation, data.namespace, data.place, error instanceof Error ? error.message : '']
    .filter((value): value is string => typeof value === 'string')
    .join(' ');
  const consumesRoot = capability.document.capability?.consumes ? '/capability/consumes' : '/consumes';
  const consumes = capability.consumes.findIndex(
    (entry) => text.startsWith(`${entry.namespace}.`) || text.includes(`"${entry.namespace}"`),
  );
  if (consumes >= 0) return `${consumesRoot}/${consumes}`;
  const expose = capability.exposes.findIndex(
    (entry) => 'namespace' in entry && entry.namespace !== undefined && text.includes(`"${entry.namespace}"`),
  );
  return expose >= 0 ? `/capability/exposes/${expose}` : '/capability';
}
