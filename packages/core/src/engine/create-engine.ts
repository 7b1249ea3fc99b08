/**
 * The engine lifecycle: registrations checked, binds resolved, consumers created, then exposers
 * created and started in order. A failure while starting stops what already started; `stop()`
 * is idempotent: every expose stops at once (each drains its own in-flight requests), then the
 * consumers close in reverse order.
 */

import type { ConsumesHttpSpec, ExposesSpec } from '@naftiko/spec';
import { createActionFactory } from '../actions/create-action-factory.js';
import { type BindingValues, emptyBindingValues } from '../binds/binding-values.js';
import { resolveBindings } from '../binds/resolve-bindings.js';
import type { Capability } from '../capability.js';
import { createObserverHub } from '../create-observer-hub.js';
import { isNaftikoError, NaftikoError } from '../errors.js';
import type {
  Action,
  ActionSpec,
  ConsumerInstance,
  ConsumerV1,
  CreateActionOptions,
  EngineState,
  ExposerContext,
  ExposerInstance,
  ExposerV1,
  InvocationResult,
  InvokeOptions,
  ListenAddress,
  Logger,
} from '../extension.js';
import { formatUrlHost } from '../http/format-url-host.js';
import { createJsonLogger, createRedactingLogger } from '../logger.js';
import type { Observer } from '../observation.js';
import { createRedactor, type Redactor } from '../redact.js';
import { redactError } from '../redact-error.js';
import { compileTemplate } from '../template.js';
import {
  checkOverrides,
  type EngineOverrides,
  exposeKey,
  overrideConsumes,
  overrideExpose,
} from './apply-overrides.js';
import { findActionSpec, listTargets } from './find-action-spec.js';

export interface EngineOptions {
  capability: Capability;
  /** Registered by `type` ('mcp', 'rest', 'skill', 'control'). */
  exposers?: readonly ExposerV1[];
  /** Registered by `type` ('http'). */
  consumers?: readonly ConsumerV1[];
  /** Where binds without a location read from; default `process.env`. */
  env?: Record<string, string | undefined>;
  overrides?: EngineOverrides;
  /** Default: JSON lines on stderr, warnings and errors only. Secrets are redacted either way. */
  logger?: Logger;
  /** Time budget of a script step; default 1000 ms. */
  scriptTimeoutMs?: number;
  /**
   * false: create consumers only - no exposer is created, started or required to be registered
   * (a program that calls operations through `invoke`). Default true.
   */
  serve?: boolean;
  /** Told about every action run and upstream call (metrics, tracing); see `Observation`. */
  observers?: readonly Observer[];
  /**
   * true: `start()` creates every consumer and exposer exactly as a real start does (so it throws
   * what a real start would) but resolves no bind (each declared variable gets a placeholder
   * value), opens no listener and resolves to []. `naftiko validate` uses it so that what it
   * accepts starts, given values for its variables. Default false.
   */
  dryRun?: boolean;
}

export interface Engine {
  /** Resolves binds (missing -> BIND_MISSING_VARIABLE), starts consumers then exposers. */
  start(): Promise<ListenAddress[]>;
  /** Idempotent; stops every exposer at once, then closes consumers in reverse order. */
  stop(): Promise<void>;
  /** Runs a consumed operation, an aggregate function or an exposed tool/operation by `namespace.name`. */
  invoke(target: string, args?: Record<string, unknown>, options?: InvokeOptions): Promise<InvocationResult>;
  /** Builds an action (as exposers do) - e.g. to inspect its input schema. */
  createAction(spec: ActionSpec, options: CreateActionOptions): Action;
  /** The listeners of the started exposers; [] before start and after stop. */
  readonly addresses: ListenAddress[];
  readonly state: EngineState;
}

interface Running {
  bindings: BindingValues;
  redactor: Redactor;
  consumers: Map<string, ConsumerInstance>;
}

export function createEngine(options: EngineOptions): Engine {
  const {
    capability,
    exposers = [],
    consumers = [],
    env = process.env,
    overrides = {},
    scriptTimeoutMs,
    serve = true,
    dryRun = false,
  } = options;
  const baseLogger = options.logger ?? createJsonLogger({ level: 'warn' });
  checkOverrides(capability, overrides);

  const exposerTypes = new Map(exposers.map((e) => [e.type, e]));
  const consumerTypes = new Map(consumers.map((c) => [c.type, c]));
  let state: EngineState = 'idle';
  let running: Running | undefined;
  let addresses: ListenAddress[] = [];
  let startedAt: number | undefined;
  let stack: { label: string; close: () => Promise<void>; expose?: true }[] = [];
  let starting: Promise<ListenAddress[]> | undefined;
  let stopping: Promise<void> | undefined;
  const noSecrets = createRedactor({ values: [] });
  const hub = createObserverHub({
    logger: baseLogger,
    ...(options.observers ? { observers: options.observers } : {}),
  });

  const createAction = createActionFactory({
    capability,
    consumer: (namespace) => running?.consumers.get(namespace),
    bindings: () => running?.bindings ?? emptyBindingValues,
    redactor: () => running?.redactor ?? noSecrets,
    observers: hub,
    ...(scriptTimeoutMs === undefined ? {} : { scriptTimeoutMs }),
  });
  const actions = new Map<string, Action>();

  const invoke = async (
    target: string,
    args: Record<string, unknown> = {},
    invokeOptions: InvokeOptions = {},
  ): Promise<InvocationResult> => {
    if (state !== 'started' || !running) {
      throw new NaftikoError(
        'ENGINE_NOT_STARTED',
        `Cannot invoke "${target}": the engine is ${state}; call start() first.`,
        {
          data: { target, state },
        },
      );
    }
    let action = actions.get(target);
    if (!action) {
      const found = findActionSpec(capability, target);
      if (!found) {
        const known = listTargets(capability);
        throw new NaftikoError(
          'UNKNOWN_ACTION',
          `"${target}" names no consumed operation, aggregate function, tool or exposed operation${known.length ? ` (for example: ${known.slice(0, 10).join(', ')})` : ''}.`,
          { data: { target } },
        );
      }
      action = createAction(found.spec, { exposeNamespace: found.exposeNamespace, name: found.name });
      actions.set(target, action);
    }
    return action.run(args, invokeOptions);
  };

  const closeAll = async (logger: Logger): Promise<unknown[]> => {
    const errors: unknown[] = [];
    const toClose = stack.reverse();
    stack = [];
    const closeOne = async ({ label, close }: (typeof toClose)[number]) => {
      try {
        await close();
      } catch (error) {
        errors.push(error);
        logger.error(`failed to stop ${label}`, { error });
      }
    };
    // Exposes stop together: each stops accepting at once and drains its in-flight requests
    // within the grace, so one expose's drain never keeps another accepting (or doubles the wait).
    await Promise.all(toClose.filter((entry) => entry.expose).map(closeOne));
    for (const entry of toClose) if (!entry.expose) await closeOne(entry);
    return errors;
  };

  const doStart = async (): Promise<ListenAddress[]> => {
    const exposes = serve ? capability.exposes : [];
    checkRegistrations({ consumes: capability.consumes, exposes }, exposerTypes, consumerTypes);
    const bindings = dryRun
      ? placeholderBindings(capability)
      : resolveBindings({ binds: capability.binds, baseDir: capability.baseDir, env });
    const redactor = createRedactor({
      values: Object.values(bindings.byNamespace).flatMap((values) => Object.values(values)),
      keep: ownAddresses(exposes.map((expose) => overrideExpose(expose, overrides))),
    });
    const logger = createRedactingLogger({ logger: baseLogger, redactor });
    const current: Running = { bindings, redactor, consumers: new Map() };
    running = current;
    const listening: ListenAddress[] = [];
    try {
      for (const entry of capability.consumes) {
        const consumer = consumerTypes.get(entry.type) as ConsumerV1;
        const instance = consumer.doCreate({
          consumes: dryRun
            ? withDryRunBaseUri(overrideConsumes(entry, overrides))
            : overrideConsumes(entry, overrides),
          compileTemplate,
          bindings,
          baseDir: capability.baseDir,
          logger,
          redactor,
        });
        current.consumers.set(entry.namespace, instance);
        stack.push({ label: `consumes "${entry.namespace}"`, close: () => instance.doClose() });
      }
      const context: ExposerContext = {
        capability,
        logger,
        redactor,
        bindings,
        compileTemplate,
        createAction,
        invoke,
        consumer: (namespace) => current.consumers.get(namespace),
        observe: hub.add,
        status: () => ({
          state,
          addresses: [...addresses],
          ...(startedAt === undefined ? {} : { startedAt }),
        }),
      };
      const created: { key: string; type: string; instance: ExposerInstance }[] = [];
      for (const expose of exposes) {
        const exposer = exposerTypes.get(expose.type) as ExposerV1;
        let instance: ExposerInstance;
        try {
          instance = exposer.doCreate({ expose: overrideExpose(expose, overrides), context });
        } catch (error) {
          if (isNaftikoError(error)) throw error;
          // A framework's own refusal (a router conflict) still names the expose it comes from.
          const place = `${expose.type} expose "${exposeKey(expose)}"`;
          const detail = error instanceof Error ? error.message : String(error);
          throw new NaftikoError('ACTION_INVALID', `${place} cannot be built: ${detail}`, {
            cause: error,
            data: { place, type: expose.type, namespace: exposeKey(expose) },
          });
        }
        created.push({ key: exposeKey(expose), type: expose.type, instance });
      }
      for (const { key, type, instance } of dryRun ? [] : created) {
        let opened: ListenAddress[];
        try {
          opened = await instance.doStart();
        } catch (error) {
          if (isNaftikoError(error)) throw error;
          const detail = error instanceof Error ? error.message : String(error);
          throw new NaftikoError('LISTEN_FAILED', `${type} expose "${key}" could not start: ${detail}`, {
            cause: error,
            data: { type, namespace: key },
          });
        }
        stack.push({ label: `${type} expose "${key}"`, close: () => instance.doStop(), expose: true });
        listening.push(...opened);
      }
    } catch (error) {
      await closeAll(logger);
      running = undefined;
      throw redactError(error, redactor);
    }
    addresses = listening;
    return [...listening];
  };

  return {
    get addresses() {
      return [...addresses];
    },
    get state() {
      return state;
    },
    createAction,
    invoke,
    start: async () => {
      if (state === 'started') return [...addresses];
      if (starting) return starting;
      if (stopping) await stopping;
      state = 'starting';
      starting = doStart().then(
        (result) => {
          state = 'started';
          startedAt = Date.now();
          starting = undefined;
          return result;
        },
        (error: unknown) => {
          state = 'idle';
          starting = undefined;
          throw error;
        },
      );
      return starting;
    },
    stop: async () => {
      if (starting) await starting.catch(() => undefined);
      if (stopping) return stopping;
      if (state !== 'started') return;
      state = 'stopping';
      const logger = running
        ? createRedactingLogger({ logger: baseLogger, redactor: running.redactor })
        : baseLogger;
      stopping = (async () => {
        const errors = await closeAll(logger);
        const redactor = running?.redactor ?? noSecrets;
        running = undefined;
        addresses = [];
        startedAt = undefined;
        actions.clear();
        state = 'stopped';
        stopping = undefined;
        if (errors.length > 0) throw redactError(errors[0], redactor);
      })();
      return stopping;
    },
  };
}

/**
 * The URL prefixes naftiko listens on (`http://127.0.0.1:`), which redaction must leave alone:
 * a bound value equal to the listen host is no secret of the listen URL.
 */
function ownAddresses(exposes: readonly ExposesSpec[]): string[] {
  return exposes.map((expose) => {
    const host = (expose as { address?: string }).address ?? '127.0.0.1';
    return `http://${formatUrlHost(host)}:`;
  });
}

/** What a dry run binds: every declared variable, with a value that is not a secret. */
function placeholderBindings(capability: Capability): BindingValues {
  const flat: Record<string, string> = {};
  const byNamespace: Record<string, Record<string, string>> = {};
  for (const bind of capability.binds) {
    const values: Record<string, string> = byNamespace[bind.namespace] ?? {};
    byNamespace[bind.namespace] = values;
    for (const variable of Object.keys(bind.keys ?? {})) {
      values[variable] = DRY_RUN_VALUE;
      flat[variable] = DRY_RUN_VALUE;
    }
  }
  return { flat, byNamespace };
}

const DRY_RUN_VALUE = 'naftiko-dry-run';

/**
 * A base URI left to the command line (empty) or built from variables has no value in a dry run,
 * which gives variables placeholder values that are no URL: a placeholder URL stands in, as
 * `--base-uri` or the bound values would at run (where a missing one stops the start, naming it).
 */
function withDryRunBaseUri(consumes: ConsumesHttpSpec): ConsumesHttpSpec {
  if (consumes.baseUri !== '' && !consumes.baseUri.includes('{')) return consumes;
  return { ...consumes, baseUri: 'http://naftiko-dry-run.invalid' };
}

function checkRegistrations(
  capability: Pick<Capability, 'consumes' | 'exposes'>,
  exposers: Map<string, ExposerV1>,
  consumers: Map<string, ConsumerV1>,
): void {
  const missingConsumers = [...new Set(capability.consumes.map((c) => c.type))].filter(
    (t) => !consumers.has(t),
  );
  if (missingConsumers.length > 0) {
    throw new NaftikoError(
      'CONSUMER_NOT_REGISTERED',
      `No consumer is registered for consumes type ${missingConsumers.map((t) => `"${t}"`).join(', ')}${consumers.size ? ` (registered: ${[...consumers.keys()].join(', ')})` : ''}. Pass one in createEngine({ consumers }).`,
      { data: { types: missingConsumers } },
    );
  }
  const missingExposers = [...new Set(capability.exposes.map((e) => e.type))].filter((t) => !exposers.has(t));
  if (missingExposers.length > 0) {
    throw new NaftikoError(
      'EXPOSER_NOT_REGISTERED',
      `No exposer is registered for exposes type ${missingExposers.map((t) => `"${t}"`).join(', ')}${exposers.size ? ` (registered: ${[...exposers.keys()].join(', ')})` : ''}. Pass one in createEngine({ exposers }).`,
      { data: { types: missingExposers } },
    );
  }
}
