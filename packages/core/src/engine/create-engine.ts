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
  ExposerReload,
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
import { createInboundLimiter, defaultCallerIdentity } from '../resilience/create-inbound-limiter.js';
import { createMemoryStore } from '../resilience/create-memory-store.js';
import { createResilientConsumer } from '../resilience/create-resilient-consumer.js';
import { failOpenStore } from '../resilience/fail-open-store.js';
import type { CallerIdentity, UpstreamStatus } from '../resilience/resilience-types.js';
import type { StateStore } from '../resilience/state-store.js';
import { compileTemplate } from '../template.js';
import {
  checkOverrides,
  type EngineOverrides,
  exposeKey,
  overrideConsumes,
  overrideExpose,
} from './apply-overrides.js';
import { findActionSpec, listTargets } from './find-action-spec.js';
import { listListenerChanges } from './list-listener-changes.js';

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
  /**
   * Where circuit breakers, rate-limit counters and cached answers live (`x-naftiko-resilience`).
   * Default: this process's memory. Replicas that must share them pass a shared store (Redis);
   * the engine does not close a store it was given.
   */
  store?: StateStore;
  /** Who a caller is for inbound per-caller rate limits; default the MCP session, else the client address. */
  callerIdentity?: CallerIdentity;
  /** After a reload, calls still running on the previous consumers get this long, in ms. Default 10 s. */
  reloadGraceMs?: number;
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
  /**
   * Hot reload: serve `capability` instead, on the same listeners. Binds are resolved and
   * consumers created afresh, then every expose prepares its swap (`doReload`) and all commit at
   * once; calls already running finish on the previous consumers, closed once they are done (or
   * after `reloadGraceMs`). Any failure leaves the running capability untouched and rejects:
   * RELOAD_RESTART_REQUIRED when a listener would change, else what a start would throw.
   */
  reload(capability: Capability): Promise<void>;
  /** The listeners of the started exposers; [] before start and after stop. */
  readonly addresses: ListenAddress[];
  readonly state: EngineState;
}

interface Running {
  bindings: BindingValues;
  redactor: Redactor;
  consumers: Map<string, ConsumerInstance>;
  upstreams: (() => Promise<UpstreamStatus>)[];
}

/** One capability as served: its actions, and (once started) its binds and consumers. */
interface Generation {
  capability: Capability;
  running?: Running;
  createAction: (spec: ActionSpec, options: CreateActionOptions) => Action;
  actions: Map<string, Action>;
  /** Action runs not yet settled, so a reload closes these consumers only once they are done. */
  inFlight: number;
  onIdle?: () => void;
}

export function createEngine(options: EngineOptions): Engine {
  const {
    exposers = [],
    consumers = [],
    env = process.env,
    overrides = {},
    scriptTimeoutMs,
    serve = true,
    dryRun = false,
    reloadGraceMs = 10_000,
    callerIdentity = defaultCallerIdentity,
  } = options;
  const baseLogger = options.logger ?? createJsonLogger({ level: 'warn' });
  // A store that lives elsewhere can fail; memory cannot. It outlives reloads: a reload keeps
  // the circuits, counters and cached answers.
  const store =
    options.store === undefined
      ? createMemoryStore()
      : failOpenStore({ store: options.store, logger: baseLogger });
  checkOverrides(options.capability, overrides);

  const exposerTypes = new Map(exposers.map((e) => [e.type, e]));
  const consumerTypes = new Map(consumers.map((c) => [c.type, c]));
  let state: EngineState = 'idle';
  let addresses: ListenAddress[] = [];
  let startedAt: number | undefined;
  let stack: { label: string; close: () => Promise<void>; expose?: true }[] = [];
  // The started exposes, in order, for a reload to ask each to swap.
  let started: { key: string; type: string; instance: ExposerInstance }[] = [];
  // Consumers of previous generations still finishing their calls.
  const retiring = new Set<Promise<void>>();
  let starting: Promise<ListenAddress[]> | undefined;
  let stopping: Promise<void> | undefined;
  let reloading: Promise<void> | undefined;
  const noSecrets = createRedactor({ values: [] });
  const hub = createObserverHub({
    logger: baseLogger,
    ...(options.observers ? { observers: options.observers } : {}),
  });

  const createGeneration = (capability: Capability): Generation => {
    const generation: Generation = {
      capability,
      actions: new Map(),
      inFlight: 0,
      createAction: () => {
        throw new Error('unreachable');
      },
    };
    const factory = createActionFactory({
      capability,
      consumer: (namespace) => generation.running?.consumers.get(namespace),
      bindings: () => generation.running?.bindings ?? emptyBindingValues,
      redactor: () => generation.running?.redactor ?? noSecrets,
      observers: hub,
      ...(scriptTimeoutMs === undefined ? {} : { scriptTimeoutMs }),
    });
    const settle = () => {
      generation.inFlight -= 1;
      if (generation.inFlight === 0) generation.onIdle?.();
    };
    generation.createAction = (spec, actionOptions) => {
      const action = factory(spec, actionOptions);
      const run = action.run;
      return {
        ...action,
        run: (args, runOptions) => {
          generation.inFlight += 1;
          return run(args, runOptions).finally(settle);
        },
      };
    };
    return generation;
  };
  let current = createGeneration(options.capability);

  const invokeOn = async (
    generation: Generation,
    target: string,
    args: Record<string, unknown>,
    invokeOptions: InvokeOptions,
  ): Promise<InvocationResult> => {
    if (state !== 'started' || !generation.running) {
      throw new NaftikoError(
        'ENGINE_NOT_STARTED',
        `Cannot invoke "${target}": the engine is ${state}; call start() first.`,
        {
          data: { target, state },
        },
      );
    }
    const { capability, actions } = generation;
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
      action = generation.createAction(found.spec, {
        exposeNamespace: found.exposeNamespace,
        name: found.name,
      });
      actions.set(target, action);
    }
    return action.run(args, invokeOptions);
  };
  const invoke = (
    target: string,
    args: Record<string, unknown> = {},
    invokeOptions: InvokeOptions = {},
  ): Promise<InvocationResult> => invokeOn(current, target, args, invokeOptions);

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

  /** Binds resolved, consumers created: what a generation needs to run; closes what it made on failure. */
  const prepareRunning = (generation: Generation, exposes: readonly ExposesSpec[]) => {
    const { capability } = generation;
    const bindings = dryRun
      ? placeholderBindings(capability)
      : resolveBindings({ binds: capability.binds, baseDir: capability.baseDir, env });
    const redactor = createRedactor({
      values: Object.values(bindings.byNamespace).flatMap((values) => Object.values(values)),
      keep: ownAddresses(exposes.map((expose) => overrideExpose(expose, overrides))),
    });
    const logger = createRedactingLogger({ logger: baseLogger, redactor });
    const running: Running = { bindings, redactor, consumers: new Map(), upstreams: [] };
    const onEvent = (
      event: 'cache-hit' | 'cache-miss' | 'circuit-rejected' | 'rate-limited',
      target: string,
    ) => {
      if (hub.active) hub.emit({ type: 'resilience', event, target });
    };
    const closers: { label: string; close: () => Promise<void> }[] = [];
    try {
      for (const entry of capability.consumes) {
        const consumer = consumerTypes.get(entry.type) as ConsumerV1;
        const consumes = dryRun
          ? withDryRunBaseUri(overrideConsumes(entry, overrides))
          : overrideConsumes(entry, overrides);
        const created = consumer.doCreate({
          consumes,
          compileTemplate,
          bindings,
          baseDir: capability.baseDir,
          logger,
          redactor,
        });
        // Cache, circuit breaker and outbound rate limit; the instance itself when none is declared.
        const resilient = createResilientConsumer({ consumes, instance: created, store, onEvent });
        const instance = resilient.instance;
        running.consumers.set(entry.namespace, instance);
        running.upstreams.push(resilient.status);
        closers.push({ label: `consumes "${entry.namespace}"`, close: () => instance.doClose() });
      }
    } catch (error) {
      for (const { close } of closers.reverse()) void close().catch(() => undefined);
      throw redactError(error, redactor);
    }
    const context: ExposerContext = {
      capability,
      logger,
      redactor,
      bindings,
      compileTemplate,
      createAction: generation.createAction,
      invoke: (target, args = {}, invokeOptions = {}) => invokeOn(generation, target, args, invokeOptions),
      consumer: (namespace) => running.consumers.get(namespace),
      observe: hub.add,
      status: () => ({
        state,
        addresses: [...addresses],
        ...(startedAt === undefined ? {} : { startedAt }),
      }),
      resilience: async () => ({
        store: store.kind,
        upstreams: await Promise.all(running.upstreams.map((status) => status())),
      }),
      inboundLimiter: (expose) =>
        createInboundLimiter({
          expose,
          store,
          identify: callerIdentity,
          onLimited: (target) => onEvent('rate-limited', target),
        }),
    };
    return { running, logger, redactor, context, closers };
  };

  const doStart = async (): Promise<ListenAddress[]> => {
    const { capability } = current;
    const exposes = serve ? capability.exposes : [];
    checkRegistrations({ consumes: capability.consumes, exposes }, exposerTypes, consumerTypes);
    const prepared = prepareRunning(current, exposes);
    const { logger, redactor, context } = prepared;
    current.running = prepared.running;
    stack.push(...prepared.closers);
    const listening: ListenAddress[] = [];
    try {
      const created: { key: string; type: string; instance: ExposerInstance }[] = [];
      for (const expose of exposes) {
        const exposer = exposerTypes.get(expose.type) as ExposerV1;
        let instance: ExposerInstance;
        try {
          instance = exposer.doCreate({ expose: overrideExpose(expose, overrides), context });
        } catch (error) {
          throw exposeBuildError(error, expose);
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
      started = dryRun ? [] : created;
    } catch (error) {
      await closeAll(logger);
      current.running = undefined;
      throw redactError(error, redactor);
    }
    addresses = listening;
    return [...listening];
  };

  const doReload = async (capability: Capability): Promise<void> => {
    if (state !== 'started' || !current.running) {
      throw new NaftikoError('ENGINE_NOT_STARTED', `Cannot reload: the engine is ${state}.`, {
        data: { state },
      });
    }
    checkOverrides(capability, overrides);
    const exposes = serve ? capability.exposes : [];
    const changes = listListenerChanges(
      (serve ? current.capability.exposes : []).map((expose) => overrideExpose(expose, overrides)),
      exposes.map((expose) => overrideExpose(expose, overrides)),
    );
    for (const { key, type, instance } of started) {
      if (
        instance.doReload === undefined &&
        !changes.some((change) => change.startsWith(`${type} expose "${key}"`))
      )
        changes.push(`${type} expose "${key}" cannot reload`);
    }
    if (changes.length > 0) {
      throw new NaftikoError(
        'RELOAD_RESTART_REQUIRED',
        `The new capability needs a restart: ${changes.join('; ')}. Still serving the previous one; restart naftiko to apply it.`,
        { data: { changes } },
      );
    }
    checkRegistrations({ consumes: capability.consumes, exposes }, exposerTypes, consumerTypes);
    const next = createGeneration(capability);
    const prepared = prepareRunning(next, exposes);
    next.running = prepared.running;
    const swaps: ExposerReload[] = [];
    try {
      for (const { key, instance } of started) {
        const expose = exposes.find((entry) => exposeKey(entry) === key) as ExposesSpec;
        try {
          swaps.push(
            await (instance.doReload as NonNullable<ExposerInstance['doReload']>)({
              expose: overrideExpose(expose, overrides),
              context: prepared.context,
            }),
          );
        } catch (error) {
          throw exposeBuildError(error, expose);
        }
      }
    } catch (error) {
      await Promise.allSettled(swaps.map((swap) => swap.discard?.()));
      await Promise.allSettled(prepared.closers.map(({ close }) => close()));
      throw redactError(error, prepared.redactor);
    }
    // All prepared: swap every expose at once, then retire the previous consumers.
    for (const swap of swaps) swap.commit();
    const previous = current;
    current = next;
    const oldClosers = new Set(stack.filter((entry) => !entry.expose));
    stack = [...prepared.closers, ...stack.filter((entry) => !oldClosers.has(entry))];
    const retired = retire(previous, [...oldClosers], prepared.logger).finally(() =>
      retiring.delete(retired),
    );
    retiring.add(retired);
  };

  /** Closes a previous generation's consumers once its calls are done, or after the grace. */
  const retire = async (
    generation: Generation,
    closers: { label: string; close: () => Promise<void> }[],
    logger: Logger,
  ): Promise<void> => {
    if (generation.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      const finished = await new Promise<boolean>((resolve) => {
        generation.onIdle = () => resolve(true);
        timer = setTimeout(() => resolve(false), reloadGraceMs);
      });
      clearTimeout(timer);
      if (!finished) {
        logger.warn('calls of the previous capability still running after the reload grace were cut', {
          calls: generation.inFlight,
          graceMs: reloadGraceMs,
        });
      }
    }
    for (const { label, close } of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        logger.error(`failed to stop ${label}`, { error });
      }
    }
    generation.running = undefined;
  };

  return {
    get addresses() {
      return [...addresses];
    },
    get state() {
      return state;
    },
    createAction: (spec, actionOptions) => current.createAction(spec, actionOptions),
    invoke,
    reload: async (capability) => {
      // One at a time: a reload prepares against the generation it will replace.
      const previous = reloading ?? Promise.resolve();
      const run = previous.catch(() => undefined).then(() => doReload(capability));
      reloading = run;
      try {
        await run;
      } finally {
        if (reloading === run) reloading = undefined;
      }
    },
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
      if (reloading) await reloading.catch(() => undefined);
      const running = current.running;
      const logger = running
        ? createRedactingLogger({ logger: baseLogger, redactor: running.redactor })
        : baseLogger;
      stopping = (async () => {
        const errors = await closeAll(logger);
        await Promise.allSettled([...retiring]);
        const redactor = running?.redactor ?? noSecrets;
        current.running = undefined;
        addresses = [];
        startedAt = undefined;
        started = [];
        current.actions.clear();
        state = 'stopped';
        stopping = undefined;
        if (errors.length > 0) throw redactError(errors[0], redactor);
      })();
      return stopping;
    },
  };
}

/** A framework's own refusal (a router conflict) still names the expose it comes from. */
function exposeBuildError(error: unknown, expose: ExposesSpec): unknown {
  if (isNaftikoError(error)) return error;
  const place = `${expose.type} expose "${exposeKey(expose)}"`;
  const detail = error instanceof Error ? error.message : String(error);
  return new NaftikoError('ACTION_INVALID', `${place} cannot be built: ${detail}`, {
    cause: error,
    data: { place, type: expose.type, namespace: exposeKey(expose) },
  });
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
