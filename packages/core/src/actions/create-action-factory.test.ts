import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { McpToolSpec } from '@naftiko/spec';
import { afterAll, describe, expect, test } from 'vitest';
import type { BindingValues } from '../binds/binding-values.js';
import type { Capability } from '../capability.js';
import { isNaftikoError, type NaftikoError } from '../errors.js';
import type { ActionSpec, ConsumerInstance, ConsumerRequest, ConsumerResponse } from '../extension.js';
import { createRedactor } from '../redact.js';
import { capabilityFromYaml, jsonResponse, seedCapability } from '../testing/fixtures.js';
import { createActionFactory } from './create-action-factory.js';

function runtimeFor(
  capability: Capability,
  respond: (request: ConsumerRequest, namespace: string) => ConsumerResponse | Promise<ConsumerResponse> = (
    r,
  ) => jsonResponse({ echo: r.parameters }),
  bindings: BindingValues = { flat: {}, byNamespace: {} },
) {
  const requests: { namespace: string; request: ConsumerRequest }[] = [];
  const consumer = (namespace: string): ConsumerInstance => ({
    namespace,
    doInvoke: async (request) => {
      requests.push({ namespace, request });
      return respond(request, namespace);
    },
    doClose: async () => {},
  });
  const secrets = Object.values(bindings.flat);
  const createAction = createActionFactory({
    capability,
    consumer,
    bindings: () => bindings,
    redactor: () => createRedactor({ values: secrets }),
  });
  return { createAction, requests };
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

describe('the seed capability', () => {
  const capability = seedCapability();
  const expose = capability.exposes[0];
  if (expose?.type !== 'mcp') throw new Error('seed exposes mcp first');
  const { createAction, requests } = runtimeFor(capability);
  const action = (name: string) =>
    createAction(expose.tools.find((t) => t.name === name) as ActionSpec, {
      exposeNamespace: expose.namespace,
      name,
    });

  test('input schemas are derived from with references to the consumed parameters', () => {
    const schemas = Object.fromEntries(
      expose.tools.map((tool) => [tool.name, action(tool.name as string).inputSchema]),
    );
    expect(schemas).toMatchInlineSnapshot(`
      {
        "anthropic-create-session": {
          "properties": {
            "body": {
              "description": "JSON request body of Anthropic Create Session.",
              "type": "object",
            },
          },
          "required": [
            "body",
          ],
          "type": "object",
        },
        "anthropic-delete-session": {
          "properties": {
            "session_id": {
              "description": "The "session_id" path parameter of Anthropic Delete Session.",
              "type": "string",
            },
          },
          "required": [
            "session_id",
          ],
          "type": "object",
        },
        "anthropic-get-session": {
          "properties": {
            "session_id": {
              "description": "The "session_id" path parameter of Anthropic Get Session.",
              "type": "string",
            },
          },
          "required": [
            "session_id",
          ],
          "type": "object",
        },
        "anthropic-list-sessions": {
          "properties": {
            "agent_id": {
              "description": "The "agent_id" query parameter of Anthropic List Sessions.",
              "type": "string",
            },
            "status": {
              "description": "The "status" query parameter of Anthropic List Sessions.",
              "type": "string",
            },
          },
          "type": "object",
        },
        "anthropic-send-session-events": {
          "properties": {
            "body": {
              "description": "JSON request body of Anthropic Send Session Events.",
              "type": "object",
            },
            "session_id": {
              "description": "The "session_id" path parameter of Anthropic Send Session Events.",
              "type": "string",
            },
          },
          "required": [
            "session_id",
            "body",
          ],
          "type": "object",
        },
      }
    `);
  });

  test('validation names each bad field', () => {
    expect(action('anthropic-send-session-events').validate({ session_id: 7 })).toEqual([
      { field: 'body', keyword: 'required', message: '"body" is required' },
      { field: 'session_id', keyword: 'type', message: '"session_id" must be a string' },
    ]);
    expect(action('anthropic-list-sessions').validate({})).toEqual([]);
    expect(action('anthropic-list-sessions').validate('nope')).toEqual([
      { field: '', keyword: 'type', message: 'arguments must be object' },
    ]);
  });

  test('run resolves tools.x references keeping types and omits absent optional arguments', async () => {
    requests.length = 0;
    const body = { agent: 'agent_1', metadata: { tags: ['a', 'b'] } };
    const result = await action('anthropic-create-session').run({ body });
    expect(requests[0]?.namespace).toBe('managed-agents-sessions');
    expect(requests[0]?.request.operation).toBe('createsession');
    expect(requests[0]?.request.parameters).toEqual({ body });
    expect(requests[0]?.request.parameters.body).toBe(body);
    expect(result).toEqual({
      type: 'json',
      value: { echo: { body } },
      status: 200,
      contentType: 'application/json',
      headers: { 'content-type': 'application/json' },
    });

    await action('anthropic-list-sessions').run({ status: 'running' });
    expect(requests[1]?.request.parameters).toEqual({ status: 'running' });
    // The template context carries the arguments under tools / rest / the expose namespace.
    expect(requests[1]?.request.templateContext.tools).toEqual({ status: 'running' });
    expect(requests[1]?.request.templateContext['managed-agents-sessions-mcp']).toEqual({
      status: 'running',
    });
  });

  test('invalid arguments reject with INVALID_ARGUMENTS before any upstream call', async () => {
    requests.length = 0;
    const error = await rejection(action('anthropic-get-session').run({}));
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.message).toBe(
      'Invalid arguments for managed-agents-sessions-mcp.anthropic-get-session: "session_id" is required.',
    );
    expect(requests).toHaveLength(0);
  });

  test('hints and descriptions pass through; no tool of the seed streams', () => {
    const create = action('anthropic-create-session');
    expect(create.description).toBe('Anthropic Create Session');
    expect(create.hints).toEqual({ readOnly: false, destructive: false, idempotent: false });
    expect(expose.tools.map((t) => action(t.name as string).streaming)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test('calling the stream operation is a streaming action', () => {
    const stream = createAction(
      { call: 'managed-agents-sessions.streamsession', with: { session_id: 'tools.session_id' } },
      { exposeNamespace: 'x', name: 'stream' },
    );
    expect(stream.streaming).toBe(true);
  });
});

describe('with resolution and output mapping in call mode', () => {
  const capability = capabilityFromYaml(`
naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: registry
      baseUri: http://localhost
      resources:
        - name: ships
          path: /ships/{{imo}}
          operations:
            - name: get-ship
              method: GET
              inputParameters:
                - { name: imo, in: path }
                - { name: verbose, in: query }
  exposes:
    - type: mcp
      namespace: fleet
      port: 1
      tools:
        - name: get-ship
          description: Get a ship
          inputParameters:
            - { name: imo, type: string, description: IMO number }
            - { name: tags, type: array, description: Tags, required: false }
          call: registry.get-ship
          with:
            imo: fleet.imo
            label: "ship {{fleet.imo}} of {{REGION}}"
            exact: "{{tools.tags}}"
            limit: 10
            verbose: true
            missing: tools.nothing
          outputParameters:
            - type: object
              properties:
                id: { type: string, mapping: $.imo_number }
                tonnage: { type: number, mapping: $.specs.tonnage }
                crew:
                  type: array
                  mapping: $.crew
                  items:
                    type: object
                    properties:
                      name: { type: string, mapping: $.fullName }
                firstCrew: { type: string, mapping: "$.crew[0].fullName" }
                allNames: { type: array, mapping: "$.crew[*].fullName" }
                absent: { type: string, mapping: $.nope }
                greeting: { type: string, value: "hello {{imo}}" }
                raw: { type: object, mapping: $.specs }
`);
  const bindings = { flat: { REGION: 'EU' }, byNamespace: { env: { REGION: 'EU' } } };
  const upstream = {
    imo_number: 9321483,
    specs: { tonnage: '51000', length: 200 },
    crew: [{ fullName: 'Ada', role: 'captain' }, { fullName: 'Grace' }],
  };
  const { createAction, requests } = runtimeFor(capability, () => jsonResponse(upstream), bindings);
  const expose = capability.exposes[0];
  if (expose?.type !== 'mcp') throw new Error('mcp');
  const tool = expose.tools[0] as McpToolSpec;
  const action = createAction(tool as ActionSpec, { exposeNamespace: 'fleet', name: 'get-ship' });

  test('declared inputParameters win (required defaults to true)', () => {
    expect(action.inputSchema).toEqual({
      type: 'object',
      properties: {
        imo: { type: 'string', description: 'IMO number' },
        tags: { type: 'array', description: 'Tags' },
      },
      required: ['imo'],
    });
  });

  test('arguments pass through first, then with overrides: refs keep types, templates render, literals pass', async () => {
    requests.length = 0;
    await action.run({ imo: 'IMO 1/2', tags: ['x', 'y'], extra: 1 });
    expect(requests[0]?.request.parameters).toEqual({
      imo: 'IMO 1/2',
      tags: ['x', 'y'],
      extra: 1,
      label: 'ship IMO 1/2 of EU',
      exact: ['x', 'y'],
      limit: 10,
      verbose: true,
    });
    expect('missing' in (requests[0]?.request.parameters ?? {})).toBe(false);
  });

  test('a missing referenced argument removes a passed-through key of the same name', async () => {
    const local = runtimeFor(capability);
    const a = local.createAction(
      { call: 'registry.get-ship', with: { verbose: 'tools.other' } },
      { exposeNamespace: 'f', name: 'n' },
    );
    await a.run({ verbose: 'given', imo: '1' });
    expect(local.requests[0]?.request.parameters).toEqual({ imo: '1' });
  });

  test('mapped outputs: properties from the root, arrays per element, definite vs indefinite paths, value templates', async () => {
    const result = await action.run({ imo: 'IMO1' });
    expect(result.type).toBe('json');
    expect(result.type === 'json' && result.value).toEqual({
      id: '9321483',
      tonnage: 51000,
      crew: [{ name: 'Ada' }, { name: 'Grace' }],
      firstCrew: 'Ada',
      allNames: ['Ada', 'Grace'],
      absent: null,
      greeting: 'hello IMO1',
      raw: { tonnage: '51000', length: 200 },
    });
    expect(result.contentType).toBe('application/json');
  });

  test('the output schema follows the mapped shape', () => {
    expect(action.outputSchema).toMatchObject({
      type: 'object',
      properties: {
        id: { type: ['string', 'null'] },
        crew: {
          type: ['array', 'null'],
          items: { type: 'object', properties: { name: { type: ['string', 'null'] } } },
        },
        raw: { type: ['object', 'null'] },
      },
    });
  });

  test('community pass-through: {type: object, mapping: $.} returns the whole result', async () => {
    const local = runtimeFor(capability, () => jsonResponse(upstream));
    const passThrough = local.createAction(
      { call: 'registry.get-ship', outputParameters: [{ type: 'object', mapping: '$.' }] },
      { exposeNamespace: 'f', name: 'p' },
    );
    const result = await passThrough.run({ imo: '1' });
    expect(result.type === 'json' && result.value).toEqual(upstream);
  });

  test('with no outputParameters the upstream result, status and content type pass through unchanged', async () => {
    const local = runtimeFor(capability, () => ({
      status: 201,
      headers: {},
      contentType: 'application/vnd.x+json',
      body: { type: 'data', value: [1, 2] },
    }));
    const result = await local
      .createAction({ call: 'registry.get-ship' }, { exposeNamespace: 'f', name: 'p' })
      .run({ imo: 'IMO9321483' });
    expect(result).toEqual({
      type: 'json',
      value: [1, 2],
      status: 201,
      contentType: 'application/vnd.x+json',
      headers: {},
    });
  });

  test('text and stream bodies become text and stream results', async () => {
    const events = (async function* () {
      yield { event: 'message', data: '{"a":1}' };
    })();
    const texts = runtimeFor(capability, () => ({
      status: 200,
      headers: {},
      body: { type: 'text', text: 'plain' },
    }));
    const text = await texts
      .createAction({ call: 'registry.get-ship' }, { exposeNamespace: 'f', name: 't' })
      .run({ imo: 'IMO9321483' });
    expect(text).toMatchObject({ type: 'text', text: 'plain', contentType: 'text/plain' });
    const streams = runtimeFor(capability, () => ({
      status: 200,
      headers: {},
      body: { type: 'stream', events },
    }));
    const stream = await streams
      .createAction({ call: 'registry.get-ship' }, { exposeNamespace: 'f', name: 's' })
      .run({ imo: 'IMO9321483' });
    expect(stream).toMatchObject({ type: 'stream', contentType: 'text/event-stream' });
    if (stream.type !== 'stream') throw new Error('stream');
    const received = [];
    for await (const event of stream.events) received.push(event);
    expect(received).toEqual([{ event: 'message', data: '{"a":1}' }]);
  });

  test('an unknown call target is an error at build time naming the declared operations', () => {
    expect(() => createAction({ call: 'registry.nope' }, { exposeNamespace: 'f', name: 'x' })).toThrow(
      '"f.x" calls "registry.nope", which is not a consumed operation (declared: registry.get-ship).',
    );
  });

  test('an aborted signal rejects with ABORTED without calling upstream', async () => {
    requests.length = 0;
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(action.run({ imo: '1' }, { signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
    expect(requests).toHaveLength(0);
  });

  test('upstream errors lose bound secrets before they reach the exposer', async () => {
    const secret = { flat: { TOKEN: 'sk-very-secret' }, byNamespace: { env: { TOKEN: 'sk-very-secret' } } };
    const failing = runtimeFor(
      capability,
      () => {
        throw new (class extends Error {})('auth header sk-very-secret rejected');
      },
      secret,
    );
    const a = failing.createAction({ call: 'registry.get-ship' }, { exposeNamespace: 'f', name: 'x' });
    await expect(a.run({ imo: 'IMO9321483' })).rejects.toThrow('auth header [REDACTED] rejected');
  });
});

describe('steps, lookup, mappings, script, mock and ref', () => {
  const dir = mkdtempSync(join(tmpdir(), 'naftiko-steps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'score.js'),
    'result = { total: context["list-crew"].length * context.with.factor, imo: context.imo };',
  );
  writeFileSync(join(dir, 'loop.js'), 'while (true) {}');
  writeFileSync(join(dir, 'escape.js'), 'result = this.constructor.constructor("return process")().pid;');
  // Thrown values that would run script code in the host, outside the budget, if touched there.
  writeFileSync(join(dir, 'throw-getter.js'), 'throw { get message() { while (true) {} } };');
  writeFileSync(join(dir, 'throw-tostring.js'), 'throw { toString() { while (true) {} } };');
  writeFileSync(join(dir, 'throw-stack.js'), 'throw { get stack() { while (true) {} } };');
  writeFileSync(
    join(dir, 'throw-proxy.js'),
    'throw new Proxy({}, { get() { while (true) {} }, getPrototypeOf() { while (true) {} } });',
  );
  writeFileSync(
    join(dir, 'throw-slot.js'),
    'try { Object.defineProperty(globalThis, "__thrown", { set() { while (true) {} } }); } catch {}' +
      ' Object.defineProperty(globalThis, "__thrown", { writable: false }); throw new Error("plain");',
  );
  writeFileSync(
    join(dir, 'stringify.js'),
    'JSON.stringify = () => ({ toString() { while (true) {} } }); result = 1;',
  );
  const capability = capabilityFromYaml(
    `
naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: registry
      baseUri: http://localhost
      resources:
        - name: ship
          path: /ships/{{imo_number}}
          operations:
            - name: get-ship
              method: GET
              inputParameters: [{ name: imo_number, in: path }]
        - name: crew
          path: /crew
          operations:
            - name: list-crew
              method: GET
              outputParameters:
                - { name: crewId, type: string, value: $.id }
                - { name: fullName, type: string, value: $.name }
                - { name: role, type: string, value: $.role }
  aggregates:
    - label: Fleet
      namespace: fleet-agg
      functions:
        - name: ship-with-crew
          description: Ship with resolved crew
          semantics: { safe: true, idempotent: true }
          inputParameters:
            - { name: imo, type: string, description: IMO }
          steps:
            - { name: get-ship, type: call, call: registry.get-ship, with: { imo_number: "{{imo}}" } }
            - { name: list-crew, type: call, call: registry.list-crew }
            - name: resolve-crew
              type: lookup
              index: list-crew
              match: crewId
              lookupValue: $.get-ship.assignedCrew
              outputParameters: [fullName]
            - name: captain
              type: lookup
              index: list-crew
              match: role
              lookupValue: captain
              outputParameters: [fullName]
          mappings:
            - { targetName: imo, value: $.get-ship.imo_number }
            - { targetName: specs.length, value: "$.get-ship.dimensions.length" }
            - { targetName: crew, value: $.resolve-crew }
            - { targetName: captain, value: $.captain.fullName }
            - { targetName: firstAssigned, value: "$.get-ship.assignedCrew[0]" }
          outputParameters:
            - { name: imo, type: string }
            - name: crew
              type: array
              items: [{ name: fullName, type: string }]
        - name: hello
          description: Mock greeting
          inputParameters: [{ name: who, type: string, description: Who }]
          outputParameters:
            - { name: greeting, type: string, value: "hello {{who}}" }
            - { name: count, type: number, value: "42" }
  exposes: []
`,
    dir,
  );
  const upstream = (request: ConsumerRequest) =>
    request.operation === 'get-ship'
      ? jsonResponse({
          imo_number: request.parameters.imo_number,
          assignedCrew: ['c2', 'c3', 'c9'],
          dimensions: { length: 300 },
        })
      : jsonResponse([
          { id: 'c1', name: 'Ada', role: 'captain', salary: 1 },
          { id: 'c2', name: 'Grace', role: 'engineer', salary: 2 },
          { id: 'c3', name: 'Linus', role: 'cook', salary: 3 },
        ]);
  const { createAction, requests } = runtimeFor(capability, upstream);

  test('orchestrated steps: call, project, lookup by $.step path and by literal, dotted mappings', async () => {
    const action = createAction(
      { ref: 'fleet-agg.ship-with-crew' },
      { exposeNamespace: 'tools-ns', name: 'ship' },
    );
    const result = await action.run({ imo: 'IMO9' });
    expect(requests.map((r) => r.request.operation)).toEqual(['get-ship', 'list-crew']);
    expect(requests[0]?.request.parameters).toEqual({ imo: 'IMO9', imo_number: 'IMO9' });
    expect(result).toEqual({
      type: 'json',
      status: 200,
      contentType: 'application/json',
      value: {
        imo: 'IMO9',
        specs: { length: 300 },
        crew: [{ fullName: 'Grace' }, { fullName: 'Linus' }],
        captain: 'Ada',
        firstAssigned: 'c2',
      },
    });
    expect(action.outputSchema).toEqual({
      type: 'object',
      properties: {
        imo: { type: ['string', 'null'] },
        crew: {
          type: ['array', 'null'],
          items: { type: 'object', properties: { fullName: { type: ['string', 'null'] } } },
        },
      },
    });
  });

  test('ref: hints derive from semantics, local fields win', () => {
    const action = createAction(
      { ref: 'fleet-agg.ship-with-crew', description: 'local', hints: { openWorld: true } },
      { exposeNamespace: 'm', name: 'x' },
    );
    expect(action.description).toBe('local');
    expect(action.hints).toEqual({ readOnly: true, destructive: false, idempotent: true, openWorld: true });
    expect(action.inputSchema.required).toEqual(['imo']);
  });

  test('mock outputs render value templates over the arguments and coerce to the declared type', async () => {
    const action = createAction({ ref: 'fleet-agg.hello' }, { exposeNamespace: 'm', name: 'hello' });
    const result = await action.run({ who: 'world "quoted"' });
    expect(result.type === 'json' && result.value).toEqual({ greeting: 'hello world "quoted"', count: 42 });
  });

  test('a REST-style mock: mapped outputParameters whose leaves are value templates', async () => {
    const action = createAction(
      {
        inputParameters: [{ name: 'id', in: 'path', type: 'string', description: 'Id' }],
        outputParameters: [
          {
            type: 'object',
            properties: { id: { type: 'string', value: '{{id}}' }, n: { type: 'number', value: '7' } },
          },
        ],
      },
      { exposeNamespace: 'rest-ns', name: 'get' },
    );
    expect(action.inputSchema.required).toEqual(['id']);
    const result = await action.run({ id: 'x1' });
    expect(result.type === 'json' && result.value).toEqual({ id: 'x1', n: 7 });
  });

  test('a JavaScript script step sees context (parameters, step outputs, with) and assigns result', async () => {
    const action = createAction(
      {
        steps: [
          { type: 'call', name: 'list-crew', call: 'registry.list-crew' },
          { type: 'script', name: 'score', file: 'score.js', with: { factor: 10 } },
        ],
      },
      { exposeNamespace: 'm', name: 'score' },
    );
    const result = await action.run({ imo: 'I1' });
    expect(result.type === 'json' && result.value).toEqual({ total: 30, imo: 'I1' });
  });

  test('a runaway script is stopped by its time budget; host objects are unreachable', async () => {
    const fast = createActionFactory({
      capability,
      consumer: () => undefined,
      bindings: () => ({ flat: {}, byNamespace: {} }),
      redactor: () => createRedactor({ values: [] }),
      // The budget is wall-clock time (node:vm's watchdog): on a shared, loaded machine a trivial
      // script can wait a few hundred ms for a core, so the scripts that finish get the default 1 s.
      scriptTimeoutMs: 1000,
    });
    const loop = fast(
      { steps: [{ type: 'script', name: 'loop', file: 'loop.js' }] },
      { exposeNamespace: 'm', name: 'l' },
    );
    expect((await rejection(loop.run({}))).code).toBe('SCRIPT_TIMEOUT');
    const breakout = fast(
      { steps: [{ type: 'script', name: 'esc', file: 'escape.js' }] },
      { exposeNamespace: 'm', name: 'e' },
    );
    const error = await rejection(breakout.run({}));
    expect(error.code).toBe('SCRIPT_FAILED');
    expect(error.message).toContain('Code generation from strings disallowed');
  });

  test("a thrown value is turned into text inside the step's time budget, whatever it is", async () => {
    const fast = createActionFactory({
      capability,
      consumer: () => undefined,
      bindings: () => ({ flat: {}, byNamespace: {} }),
      redactor: () => createRedactor({ values: [] }),
      // The budget is wall-clock time (node:vm's watchdog): on a shared, loaded machine a trivial
      // script can wait a few hundred ms for a core, so the scripts that finish get the default 1 s.
      scriptTimeoutMs: 1000,
    });
    const run = (file: string) =>
      rejection(
        fast({ steps: [{ type: 'script', name: 's', file }] }, { exposeNamespace: 'm', name: file }).run({}),
      );
    for (const [file, text] of [
      ['throw-getter.js', 'a value that cannot be turned into text within the time budget'],
      ['throw-tostring.js', 'a value that cannot be turned into text within the time budget'],
      ['throw-proxy.js', 'a value that cannot be turned into text within the time budget'],
      // Node reads `stack` of what escapes a script unless displayErrors is off: it would hang here.
      ['throw-stack.js', '[object Object]'],
    ]) {
      const started = performance.now();
      const error = await run(file as string);
      expect(error.code, file).toBe('SCRIPT_FAILED');
      expect(error.message, file).toBe(`Step "s" in "m.${file}" threw: ${text}`);
      expect(performance.now() - started, file).toBeLessThan(2_000);
    }
    // The hand-back slot cannot be turned into a setter; made read-only it only loses the text.
    expect((await run('throw-slot.js')).message).toBe(
      'Step "s" in "m.throw-slot.js" threw: a value that cannot be turned into text within the time budget',
    );
    expect((await run('stringify.js')).message).toContain('`result` is not JSON-serialisable');
  });

  test('scripts in other languages are refused when the action is built', () => {
    let error: unknown;
    try {
      createAction(
        { steps: [{ type: 'script', name: 'py', language: 'python', file: 'x.py' }] },
        { exposeNamespace: 'm', name: 'py' },
      );
    } catch (caught) {
      error = caught;
    }
    expect(isNaftikoError(error, 'SCRIPT_UNSUPPORTED')).toBe(true);
    expect((error as Error).message).toBe(
      'Step "py" in "m.py" is written in python; naftiko runs javascript scripts only. Port the script to JavaScript.',
    );
  });

  test('a lookup whose index is not an earlier step, an unknown ref, an empty action: clear build errors', () => {
    expect(() =>
      createAction(
        {
          steps: [
            {
              type: 'lookup',
              name: 'l',
              index: 'later',
              match: 'id',
              lookupValue: 'x',
              outputParameters: ['a'],
            },
          ],
        },
        { exposeNamespace: 'm', name: 'x' },
      ),
    ).toThrow('index "later" must name an earlier step');
    expect(() => createAction({ ref: 'fleet-agg.nope' }, { exposeNamespace: 'm', name: 'x' })).toThrow(
      '"m.x" has ref "fleet-agg.nope", which names no aggregate function (declared: fleet-agg.ship-with-crew, fleet-agg.hello).',
    );
    expect(() => createAction({}, { exposeNamespace: 'm', name: 'x' })).toThrow('"m.x" does nothing');
  });

  test('steps without declared inputParameters derive the schema from step with references', () => {
    const action = createAction(
      { steps: [{ type: 'call', name: 's', call: 'registry.get-ship', with: { imo_number: 'tools.imo' } }] },
      { exposeNamespace: 'm', name: 'x' },
    );
    expect(action.inputSchema).toEqual({
      type: 'object',
      properties: {
        imo: { type: 'string', description: 'The "imo_number" path parameter of registry.get-ship.' },
      },
      required: ['imo'],
    });
  });
});

describe('a tool without inputParameters advertises what its call passes through', () => {
  const capability = capabilityFromYaml(`naftiko: 1.0.0-alpha2
binds:
  - namespace: env
    keys: { TENANT: TENANT }
capability:
  consumes:
    - type: http
      namespace: keys
      description: A key service.
      baseUri: https://keys.naftiko.test/{{TENANT}}
      resources:
        - name: key
          path: /keys/{KeyId}
          operations:
            - name: encrypt
              method: POST
              inputParameters:
                - { name: body, in: body, type: object, required: true }
                - { name: mode, in: query }
                - { name: api-version, in: query, value: '2024-01' }
            - name: rotate
              method: POST
        - name: items
          path: /tenants/{{TENANT}}/items
          operations:
            - name: delete-item
              method: DELETE
              inputParameters:
                - { name: item_id, in: path, required: true }
  exposes:
    - type: mcp
      namespace: kms
      port: 9000
      tools:
        - { name: encrypt, description: Encrypt., call: keys.encrypt }
        - { name: rotate, description: Rotate., call: keys.rotate, with: { KeyId: primary } }
        - { name: delete, description: Delete., call: keys.delete-item }
`);
  const { createAction, requests } = runtimeFor(capability);
  const tool = (name: string) => {
    const expose = capability.exposes[0];
    if (expose?.type !== 'mcp') throw new Error('mcp first');
    return createAction(expose.tools.find((t) => t.name === name) as ActionSpec, {
      exposeNamespace: 'kms',
      name,
    });
  };

  test('undeclared placeholders, required and optional parameters; not fixed values, with keys or binds', () => {
    expect(tool('encrypt').inputSchema).toEqual({
      type: 'object',
      properties: {
        body: { type: 'object', description: 'JSON request body of keys.encrypt.' },
        mode: { type: 'string', description: 'The "mode" query parameter of keys.encrypt.' },
        KeyId: { type: 'string', description: 'The "KeyId" path parameter of keys.encrypt.' },
      },
      required: ['body', 'KeyId'],
    });
    expect(tool('rotate').inputSchema).toEqual({ type: 'object', properties: {} });
    expect(tool('delete').inputSchema).toMatchObject({ required: ['item_id'] });
  });

  test('what the schema asks for reaches the consumer; nothing it did not ask for is required', async () => {
    requests.length = 0;
    await tool('encrypt').run({ KeyId: 'k1', body: { plaintext: 'x' } });
    expect(requests[0]?.request.parameters).toEqual({ KeyId: 'k1', body: { plaintext: 'x' } });
    await expect(tool('encrypt').run({ body: {} })).rejects.toThrow('"KeyId" is required');
  });
});
