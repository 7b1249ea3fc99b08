// engine.reload: the new version prepared beside the running one and swapped in all at once;
// calls already running finish on the previous consumers, which close only then; any failure
// (a listener change, a missing bind, an expose that cannot build) leaves the running version.

import type { ExposesMcpSpec } from '@naftiko/spec';
import { describe, expect, test } from 'vitest';
import { isNaftikoError } from '../errors.js';
import type { ExposerCreateOptions, ExposerV1 } from '../extension.js';
import { capabilityFromYaml, createRecordingConsumer, jsonResponse } from '../testing/fixtures.js';
import { createEngine } from './create-engine.js';

const version = (options: { path: string; port?: number; tool?: string; secret?: string }) =>
  capabilityFromYaml(`naftiko: 1.0.0-alpha2
info:
  label: Reload
  description: A capability reloaded by the test.
binds:
  - namespace: env
    keys:
      SECRET: ${options.secret ?? 'SECRET'}
capability:
  consumes:
    - type: http
      namespace: up
      description: The upstream.
      baseUri: http://127.0.0.1:9
      authentication:
        type: bearer
        token: '{{SECRET}}'
      resources:
        - name: things
          path: ${options.path}
          operations:
            - name: get
              method: GET
  exposes:
    - type: mcp
      namespace: tools
      port: ${options.port ?? 9400}
      description: Tools.
      tools:
        - name: ${options.tool ?? 'get'}
          description: Gets.
          call: up.get
`);

/** An exposer of our own that records what each reload prepared and committed. */
function createRecordingExposer() {
  const log: string[] = [];
  const prepared: ExposerCreateOptions[] = [];
  const exposer: ExposerV1 = {
    specificationVersion: 'v1',
    type: 'mcp',
    doCreate: ({ expose }) => {
      log.push(`create ${(expose as ExposesMcpSpec).tools.map((tool) => tool.name).join(',')}`);
      return {
        doStart: async () => [],
        doStop: async () => {
          log.push('stop');
        },
        doReload: async (options) => {
          prepared.push(options);
          const tools = (options.expose as ExposesMcpSpec).tools.map((tool) => tool.name).join(',');
          return {
            commit: () => {
              log.push(`commit ${tools}`);
            },
          };
        },
      };
    },
  };
  return { exposer, log, prepared };
}

describe('engine.reload', () => {
  test('swaps in the new version; a call in flight finishes on the previous consumer, closed after it', async () => {
    let release: (() => void) | undefined;
    const recording = createRecordingConsumer(async () => {
      if (release === undefined) {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      }
      return jsonResponse({ ok: true });
    });
    const exposer = createRecordingExposer();
    const engine = createEngine({
      capability: version({ path: '/v1' }),
      consumers: [recording.consumer],
      exposers: [exposer.exposer],
      env: { SECRET: 'first-secret-value' },
    });
    await engine.start();
    const inFlight = engine.invoke('up.get', {});
    while (release === undefined) await new Promise((resolve) => setTimeout(resolve, 5));

    await engine.reload(version({ path: '/v2', tool: 'fetch' }));
    expect(exposer.log).toEqual(['create get', 'commit fetch']);
    expect(exposer.prepared[0]?.context.capability.consumes[0]?.resources?.[0]?.path).toBe('/v2');
    // Two consumers now: the new one, and the previous one still serving its call.
    expect(recording.events).toEqual(['create up', 'create up']);
    release?.();
    await expect(inFlight).resolves.toMatchObject({ value: { ok: true } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(recording.events).toEqual(['create up', 'create up', 'close up']);
    await engine.invoke('up.get', {});
    expect(recording.requests).toHaveLength(2);
    await engine.stop();
    expect(recording.events).toEqual(['create up', 'create up', 'close up', 'close up']);
  });

  test('refuses a listener change or a missing bind, keeping the running version', async () => {
    const recording = createRecordingConsumer();
    const exposer = createRecordingExposer();
    const engine = createEngine({
      capability: version({ path: '/v1' }),
      consumers: [recording.consumer],
      exposers: [exposer.exposer],
      env: { SECRET: 'first-secret-value' },
    });
    await engine.start();

    const restart = await engine.reload(version({ path: '/v2', port: 9401 })).catch((error) => error);
    expect(isNaftikoError(restart, 'RELOAD_RESTART_REQUIRED')).toBe(true);
    expect(restart.message).toContain('mcp expose "tools" port 9400 -> 9401');

    const missing = await engine.reload(version({ path: '/v2', secret: 'OTHER' })).catch((error) => error);
    expect(isNaftikoError(missing, 'BIND_MISSING_VARIABLE')).toBe(true);

    expect(exposer.log).toEqual(['create get']);
    expect(recording.events).toEqual(['create up']);
    await engine.invoke('up.get', {});
    expect(recording.requests).toHaveLength(1);
    await engine.stop();
  });
});
