import { describe, expect, test } from 'vitest';
import { createObserverHub } from './create-observer-hub.js';
import { createEngine } from './engine/create-engine.js';
import { NaftikoError } from './errors.js';
import type { ExposerContext, ExposerV1, LogFields } from './extension.js';
import type { Observation } from './observation.js';
import { capabilityFromYaml, createRecordingConsumer, jsonResponse } from './testing/fixtures.js';

const CAPABILITY = `
naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: http://127.0.0.1:1
      resources:
        - name: things
          path: /things/{id}
          operations:
            - name: get-thing
              method: GET
              inputParameters:
                - { name: id, in: path, type: string, required: true }
  exposes:
    - type: mcp
      namespace: tools-ns
      port: 0
      tools:
        - name: get-thing
          description: Get a thing
          call: up.get-thing
          with: { id: tools.id }
          inputParameters:
            - { name: id, type: string, required: true, description: The id }
    - type: rest
      namespace: rest-ns
      port: 0
      resources:
        - path: /things/{{id}}
          operations:
            - method: GET
              name: read-thing
              call: up.get-thing
              with: { id: rest-ns.id }
`;

/** Keeps the contexts the engine hands out; listens nowhere. */
function contextKeeper(type: string, contexts: ExposerContext[]): ExposerV1 {
  return {
    specificationVersion: 'v1',
    type,
    doCreate: ({ context }) => {
      contexts.push(context);
      return { doStart: async () => [], doStop: async () => {} };
    },
  };
}

function strip(observation: Observation): Record<string, unknown> {
  const { durationMs, ...rest } = observation as Observation & { durationMs?: number };
  if (observation.type !== 'action-start') expect(durationMs).toBeGreaterThanOrEqual(0);
  return rest;
}

describe('engine observations', () => {
  test('each run reports start and end, each upstream call its status, by kind', async () => {
    const seen: Observation[] = [];
    const { consumer } = createRecordingConsumer((request) => {
      if (request.parameters.id === 'missing') {
        throw new NaftikoError('UPSTREAM_STATUS', 'not found', {
          data: { operation: 'up.get-thing', status: 404 },
        });
      }
      return jsonResponse({ id: request.parameters.id }, 200);
    });
    const contexts: ExposerContext[] = [];
    const engine = createEngine({
      capability: capabilityFromYaml(CAPABILITY),
      consumers: [consumer],
      exposers: [contextKeeper('mcp', contexts), contextKeeper('rest', contexts)],
      observers: [(o) => seen.push(o)],
    });
    await engine.start();
    try {
      await engine.invoke('tools-ns.get-thing', { id: 'a' });
      await expect(engine.invoke('rest-ns.read-thing', { id: 'missing' })).rejects.toThrow('not found');
      await expect(engine.invoke('tools-ns.get-thing', {})).rejects.toThrow(/Invalid arguments/);
      await engine.invoke('up.get-thing', { id: 'b' });
    } finally {
      await engine.stop();
    }
    expect(seen.map(strip)).toEqual([
      {
        type: 'action-start',
        kind: 'tool',
        target: 'tools-ns.get-thing',
        exposeNamespace: 'tools-ns',
        name: 'get-thing',
      },
      {
        type: 'upstream',
        target: 'up.get-thing',
        namespace: 'up',
        operation: 'get-thing',
        outcome: 'ok',
        status: 200,
      },
      {
        type: 'action-end',
        kind: 'tool',
        target: 'tools-ns.get-thing',
        exposeNamespace: 'tools-ns',
        name: 'get-thing',
        outcome: 'ok',
        upstreamStatus: 200,
      },
      {
        type: 'action-start',
        kind: 'operation',
        target: 'rest-ns.read-thing',
        exposeNamespace: 'rest-ns',
        name: 'read-thing',
      },
      {
        type: 'upstream',
        target: 'up.get-thing',
        namespace: 'up',
        operation: 'get-thing',
        outcome: 'error',
        errorCode: 'UPSTREAM_STATUS',
        status: 404,
      },
      {
        type: 'action-end',
        kind: 'operation',
        target: 'rest-ns.read-thing',
        exposeNamespace: 'rest-ns',
        name: 'read-thing',
        outcome: 'error',
        errorCode: 'UPSTREAM_STATUS',
        upstreamStatus: 404,
      },
      {
        type: 'action-start',
        kind: 'tool',
        target: 'tools-ns.get-thing',
        exposeNamespace: 'tools-ns',
        name: 'get-thing',
      },
      {
        type: 'action-end',
        kind: 'tool',
        target: 'tools-ns.get-thing',
        exposeNamespace: 'tools-ns',
        name: 'get-thing',
        outcome: 'error',
        errorCode: 'INVALID_ARGUMENTS',
      },
      { type: 'action-start', kind: 'consumed', target: 'up.get-thing', name: 'up.get-thing' },
      {
        type: 'upstream',
        target: 'up.get-thing',
        namespace: 'up',
        operation: 'get-thing',
        outcome: 'ok',
        status: 200,
      },
      {
        type: 'action-end',
        kind: 'consumed',
        target: 'up.get-thing',
        name: 'up.get-thing',
        outcome: 'ok',
        upstreamStatus: 200,
      },
    ]);
  });

  test('exposers subscribe through the context and read the engine status', async () => {
    const { consumer } = createRecordingConsumer();
    const contexts: ExposerContext[] = [];
    const engine = createEngine({
      capability: capabilityFromYaml(CAPABILITY),
      consumers: [consumer],
      exposers: [contextKeeper('mcp', contexts), contextKeeper('rest', contexts)],
    });
    await engine.start();
    const context = contexts[0] as ExposerContext;
    const status = context.status();
    expect(status.state).toBe('started');
    expect(status.startedAt).toBeGreaterThan(Date.now() - 10_000);
    const seen: string[] = [];
    const unsubscribe = context.observe((o) => seen.push(o.type));
    await engine.invoke('tools-ns.get-thing', { id: 'a' });
    unsubscribe();
    await engine.invoke('tools-ns.get-thing', { id: 'a' });
    await engine.stop();
    expect(seen).toEqual(['action-start', 'upstream', 'action-end']);
    expect(context.status()).toEqual({ state: 'stopped', addresses: [] });
  });

  test('an observer that throws is logged once and never fails the request', async () => {
    const warnings: { message: string; fields?: LogFields }[] = [];
    const hub = createObserverHub({
      logger: {
        debug: () => {},
        info: () => {},
        warn: (message, fields) => warnings.push({ message, ...(fields ? { fields } : {}) }),
        error: () => {},
      },
      observers: [
        () => {
          throw new Error('observer bug');
        },
      ],
    });
    const seen: string[] = [];
    const observer = (o: Observation) => seen.push(o.type);
    hub.add(observer);
    hub.add(observer);
    hub.emit({ type: 'action-start', kind: 'tool', target: 'a.b', name: 'b' });
    hub.emit({ type: 'action-start', kind: 'tool', target: 'a.b', name: 'b' });
    expect(seen).toEqual(['action-start', 'action-start']);
    expect(warnings.map((w) => w.message)).toEqual(['an engine observer threw; its observations are lost']);
    expect(hub.active).toBe(true);
  });
});
