import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExposesMcpSpec } from '@naftiko/spec';
import { afterEach, describe, expect, test } from 'vitest';
import { isNaftikoError, type NaftikoError } from '../errors.js';
import type { Action, ActionSpec, ExposerContext, ExposerV1, LogFields, Logger } from '../extension.js';
import {
  capabilityFromYaml,
  createRecordingConsumer,
  jsonResponse,
  seedCapability,
} from '../testing/fixtures.js';
import { createEngine, type Engine } from './create-engine.js';

const SEED_NS = 'managed-agents-sessions-mcp';
const KEY = 'sk-ant-test-key-0123456789';

/**
 * A tiny exposer of our own (an extension point, not a mock): each MCP tool of the expose is
 * served as `POST /tools/<name>` on a real node:http server.
 */
function createHttpToolExposer(log: string[] = []): { exposer: ExposerV1; contexts: ExposerContext[] } {
  const contexts: ExposerContext[] = [];
  const exposer: ExposerV1 = {
    specificationVersion: 'v1',
    type: 'mcp',
    doCreate({ expose, context }) {
      contexts.push(context);
      const spec = expose as ExposesMcpSpec;
      const actions = new Map<string, Action>(
        spec.tools.map((tool) => [
          tool.name as string,
          context.createAction(tool as ActionSpec, {
            exposeNamespace: spec.namespace,
            name: tool.name as string,
          }),
        ]),
      );
      let server: Server | undefined;
      return {
        async doStart() {
          server = createServer(async (req, res) => {
            const chunks: Buffer[] = [];
            for await (const chunk of req) chunks.push(chunk as Buffer);
            const action = actions.get((req.url ?? '').replace('/tools/', ''));
            if (!action) {
              res.writeHead(404).end();
              return;
            }
            try {
              const result = await action.run(JSON.parse(Buffer.concat(chunks).toString() || '{}'));
              res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
            } catch (error) {
              const e = error as NaftikoError;
              res
                .writeHead(400, { 'content-type': 'application/json' })
                .end(JSON.stringify({ code: e.code, message: e.message }));
            }
          });
          await new Promise<void>((resolve, reject) => {
            server?.once('error', reject);
            server?.listen(spec.port, spec.address ?? '127.0.0.1', () => resolve());
          });
          const { port } = server.address() as AddressInfo;
          log.push(`start ${spec.namespace}`);
          return [{ type: 'mcp', namespace: spec.namespace, url: `http://127.0.0.1:${port}/tools` }];
        },
        async doStop() {
          log.push(`stop ${spec.namespace}`);
          await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
        },
      };
    },
  };
  return { exposer, contexts };
}

function captureLogger(): Logger & { lines: { level: string; message: string; fields?: LogFields }[] } {
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

async function rejection(promise: Promise<unknown>): Promise<NaftikoError> {
  try {
    await promise;
  } catch (error) {
    if (isNaftikoError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

const engines: Engine[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop().catch(() => undefined);
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

function track(engine: Engine): Engine {
  engines.push(engine);
  return engine;
}

describe('the seed through the engine', () => {
  test('start resolves binds, creates consumers with overrides, starts exposers on real ports', async () => {
    const recording = createRecordingConsumer();
    const log: string[] = [];
    const { exposer, contexts } = createHttpToolExposer(log);
    const engine = track(
      createEngine({
        capability: seedCapability(),
        consumers: [recording.consumer],
        exposers: [exposer],
        env: { ANTHROPIC_API_KEY: KEY },
        overrides: { baseUri: { 'managed-agents-sessions': 'http://127.0.0.1:1/' }, port: { [SEED_NS]: 0 } },
      }),
    );
    const addresses = await engine.start();
    expect(engine.state).toBe('started');
    expect(addresses).toHaveLength(1);
    expect(addresses[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tools$/);
    expect(engine.addresses).toEqual(addresses);

    const created = recording.created[0];
    expect(created?.consumes.baseUri).toBe('http://127.0.0.1:1');
    expect(created?.bindings).toEqual({
      flat: { ANTHROPIC_API_KEY: KEY },
      byNamespace: { env: { ANTHROPIC_API_KEY: KEY } },
    });
    expect(created?.compileTemplate('{{env.ANTHROPIC_API_KEY}}').render(created.bindings.byNamespace)).toBe(
      KEY,
    );
    expect(contexts[0]?.consumer('managed-agents-sessions')?.namespace).toBe('managed-agents-sessions');

    const response = await fetch(`${addresses[0]?.url}/anthropic-create-session`, {
      method: 'POST',
      body: JSON.stringify({ body: { agent: 'a1', note: 'quote " and \\' } }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { value: unknown }).value).toEqual({
      echo: { body: { agent: 'a1', note: 'quote " and \\' } },
    });
    const request = recording.requests[0]?.request;
    expect(request?.operation).toBe('createsession');
    expect(request?.templateContext.env).toEqual({ ANTHROPIC_API_KEY: KEY });

    await engine.stop();
    expect(log).toEqual([`start ${SEED_NS}`, `stop ${SEED_NS}`]);
    expect(recording.events).toEqual(['create managed-agents-sessions', 'close managed-agents-sessions']);
    expect(engine.addresses).toEqual([]);
    expect(engine.state).toBe('stopped');
    await engine.stop();
    expect(recording.events).toHaveLength(2);
  });

  test('invoke runs consumed operations, tools and validates arguments from the consumed parameters', async () => {
    const recording = createRecordingConsumer((request) =>
      jsonResponse({ id: 'sess_1', got: request.parameters }),
    );
    const { exposer } = createHttpToolExposer();
    const engine = track(
      createEngine({
        capability: seedCapability(),
        consumers: [recording.consumer],
        exposers: [exposer],
        env: { ANTHROPIC_API_KEY: KEY },
        overrides: { port: { [SEED_NS]: 0 } },
      }),
    );
    expect((await rejection(engine.invoke('managed-agents-sessions.getsession', {}))).code).toBe(
      'ENGINE_NOT_STARTED',
    );
    await engine.start();

    const direct = await engine.invoke('managed-agents-sessions.createsession', { body: { agent: 'a' } });
    expect(direct).toMatchObject({
      type: 'json',
      value: { id: 'sess_1', got: { body: { agent: 'a' } } },
      status: 200,
    });

    const invalid = await rejection(engine.invoke('managed-agents-sessions.createsession', { body: 'text' }));
    expect(invalid.code).toBe('INVALID_ARGUMENTS');
    expect(invalid.message).toBe(
      'Invalid arguments for managed-agents-sessions.createsession: "body" must be an object.',
    );

    const viaTool = await engine.invoke(`${SEED_NS}.anthropic-get-session`, { session_id: 'sess_1' });
    expect(viaTool).toMatchObject({ value: { got: { session_id: 'sess_1' } } });
    expect(recording.requests.map((r) => r.request.operation)).toEqual(['createsession', 'getsession']);

    const unknown = await rejection(engine.invoke('managed-agents-sessions.nope', {}));
    expect(unknown.code).toBe('UNKNOWN_ACTION');
    expect(unknown.message).toContain('(for example: managed-agents-sessions.createsession,');

    const controller = new AbortController();
    controller.abort();
    const aborted = await rejection(
      engine.invoke('managed-agents-sessions.getsession', { session_id: 'x' }, { signal: controller.signal }),
    );
    expect(aborted.code).toBe('ABORTED');
  });
});

describe('failures before and during start', () => {
  test('a missing bind variable fails start naming it; nothing is created', async () => {
    const recording = createRecordingConsumer();
    const { exposer } = createHttpToolExposer();
    const engine = track(
      createEngine({
        capability: seedCapability(),
        consumers: [recording.consumer],
        exposers: [exposer],
        env: {},
      }),
    );
    const error = await rejection(engine.start());
    expect(error.code).toBe('BIND_MISSING_VARIABLE');
    expect(error.message).toContain('export ANTHROPIC_API_KEY=... or add it to --env-file');
    expect(recording.created).toHaveLength(0);
    expect(engine.state).toBe('idle');
  });

  test('an exposes or consumes type with no registered implementation fails before anything starts', async () => {
    const recording = createRecordingConsumer();
    const noExposer = track(
      createEngine({
        capability: seedCapability(),
        consumers: [recording.consumer],
        env: { ANTHROPIC_API_KEY: KEY },
      }),
    );
    const error = await rejection(noExposer.start());
    expect(error.code).toBe('EXPOSER_NOT_REGISTERED');
    expect(error.message).toBe(
      'No exposer is registered for exposes type "mcp". Pass one in createEngine({ exposers }).',
    );
    expect(recording.created).toHaveLength(0);

    const noConsumer = track(
      createEngine({ capability: seedCapability(), exposers: [createHttpToolExposer().exposer], env: {} }),
    );
    expect((await rejection(noConsumer.start())).code).toBe('CONSUMER_NOT_REGISTERED');
  });

  test('serve: false creates consumers only, so no exposer needs to be registered', async () => {
    const recording = createRecordingConsumer();
    const engine = track(
      createEngine({
        capability: seedCapability(),
        consumers: [recording.consumer],
        env: { ANTHROPIC_API_KEY: KEY },
        serve: false,
      }),
    );
    expect(await engine.start()).toEqual([]);
    await engine.invoke('managed-agents-sessions.deletesession', { session_id: 's1' });
    expect(recording.requests.map((r) => r.request.parameters)).toEqual([{ session_id: 's1' }]);
  });

  test('overrides naming unknown namespaces are refused when the engine is created', () => {
    expect(() => createEngine({ capability: seedCapability(), overrides: { port: { nope: 1 } } })).toThrow(
      `port override names "nope", but no exposes entry has that namespace (exposes: ${SEED_NS}).`,
    );
    expect(() =>
      createEngine({
        capability: seedCapability(),
        overrides: { baseUri: { 'managed-agents-sessions': 'ftp://x' } },
      }),
    ).toThrow('must be an http:// or https:// URL');
  });

  test('stop stops every expose together (each drains at once), then closes the consumers', async () => {
    const capability = capabilityFromYaml(`
naftiko: 1.0.0-alpha2
capability:
  consumes:
    - { type: http, namespace: up, baseUri: "http://127.0.0.1:1", resources: [{ name: r, path: /r, operations: [{ name: op, method: GET }] }] }
  exposes:
    - { type: mcp, namespace: first, port: 1, tools: [{ name: t, description: T, call: up.op }] }
    - { type: mcp, namespace: second, port: 1, tools: [{ name: t, description: T, call: up.op }] }
`);
    const recording = createRecordingConsumer();
    const log: string[] = [];
    // Each expose takes 50 ms to drain; stopped one after the other, the first would still be
    // accepting while the second drains.
    const draining: ExposerV1 = {
      specificationVersion: 'v1',
      type: 'mcp',
      doCreate: ({ expose }) => {
        const { namespace } = expose as { namespace: string };
        return {
          doStart: async () => [],
          doStop: async () => {
            log.push(`stop ${namespace}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
            log.push(`stopped ${namespace}`);
          },
        };
      },
    };
    const engine = track(
      createEngine({ capability, consumers: [recording.consumer], exposers: [draining], env: {} }),
    );
    await engine.start();
    await engine.stop();
    expect(log.slice(0, 2).sort()).toEqual(['stop first', 'stop second']);
    expect(log.slice(2).sort()).toEqual(['stopped first', 'stopped second']);
    expect(recording.events).toEqual(['create up', 'close up']);
  });

  test('when an exposer cannot listen, what already started is stopped in reverse order', async () => {
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busyPort = (blocker.address() as AddressInfo).port;
    const capability = capabilityFromYaml(`
naftiko: 1.0.0-alpha2
capability:
  consumes:
    - { type: http, namespace: up, baseUri: "http://127.0.0.1:1", resources: [{ name: r, path: /r, operations: [{ name: op, method: GET }] }] }
  exposes:
    - { type: mcp, namespace: first, port: 1, tools: [{ name: t, description: T, call: up.op }] }
    - { type: mcp, namespace: second, port: 1, tools: [{ name: t, description: T, call: up.op }] }
`);
    const recording = createRecordingConsumer();
    const log: string[] = [];
    const engine = track(
      createEngine({
        capability,
        consumers: [recording.consumer],
        exposers: [createHttpToolExposer(log).exposer],
        env: {},
        overrides: { port: { first: 0, second: busyPort } },
      }),
    );
    const error = await rejection(engine.start());
    expect(error.code).toBe('LISTEN_FAILED');
    expect(error.message).toMatch(/^mcp expose "second" could not start: listen EADDRINUSE/);
    expect(log).toEqual(['start first', 'stop first']);
    expect(recording.events).toEqual(['create up', 'close up']);
    expect(engine.addresses).toEqual([]);
    expect(engine.state).toBe('idle');
  });
});

describe('secrets', () => {
  test('bound values never reach logs or errors produced through the engine', async () => {
    const recording = createRecordingConsumer(() => {
      throw new Error(`upstream rejected x-api-key ${KEY}`);
    });
    const logger = captureLogger();
    const { exposer, contexts } = createHttpToolExposer();
    const engine = track(
      createEngine({
        capability: seedCapability(),
        consumers: [recording.consumer],
        exposers: [exposer],
        env: { ANTHROPIC_API_KEY: KEY },
        overrides: { port: { [SEED_NS]: 0 } },
        logger,
      }),
    );
    await engine.start();
    contexts[0]?.logger.info(`calling with ${KEY}`, { header: `x-api-key: ${KEY}`, nested: { k: KEY } });
    recording.created[0]?.logger.error('consumer log', { error: new Error(`bad ${KEY}`) });
    expect(JSON.stringify(logger.lines)).not.toContain(KEY);
    expect(logger.lines[0]).toEqual({
      level: 'info',
      message: 'calling with [REDACTED]',
      fields: { header: 'x-api-key: [REDACTED]', nested: { k: '[REDACTED]' } },
    });

    const error = await engine
      .invoke(`${SEED_NS}.anthropic-get-session`, { session_id: 's' })
      .catch((e: Error) => e);
    expect((error as Error).message).toBe('upstream rejected x-api-key [REDACTED]');
    expect((error as Error).stack).not.toContain(KEY);
  });

  test("a bound value equal to the listen host never rewrites naftiko's own address", async () => {
    const logger = captureLogger();
    const { exposer, contexts } = createHttpToolExposer();
    const engine = track(
      createEngine({
        capability: seedCapability(),
        consumers: [createRecordingConsumer().consumer],
        exposers: [exposer],
        // The upstream runs on this host too: the host is bound, but it is no secret of ours.
        env: { ANTHROPIC_API_KEY: '127.0.0.1' },
        overrides: { port: { [SEED_NS]: 0 } },
        logger,
      }),
    );
    const [address] = await engine.start();
    contexts[0]?.logger.info('mcp listening', { url: `${address?.url}/mcp`, upstream: 'https://127.0.0.1' });
    expect(logger.lines[0]?.fields).toEqual({
      url: `${address?.url}/mcp`,
      upstream: 'https://[REDACTED]',
    });
  });
});
