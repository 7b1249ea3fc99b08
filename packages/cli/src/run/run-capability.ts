import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createHttpConsumer } from '@naftiko/consumer-http';
import {
  type Capability,
  createEngine,
  type Engine,
  type EngineOverrides,
  isNaftikoError,
  type ListenAddress,
  type LogLevel,
  loadCapability,
  type StateStore,
} from '@naftiko/core';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-code.js';
import { shouldUseColor } from '../format/create-colors.js';
import { formatText } from '../format/format-text.js';
import { UsageError } from '../usage-error.js';
import { readSources } from '../validate/read-sources.js';
import { describeErrno } from '../validate/resolve-inputs.js';
import { toDisplayPath } from '../validate/to-display-path.js';
import { createReloader, type Reloader } from './create-reloader.js';
import { createRunLogger } from './create-run-logger.js';
import { formatStartError } from './format-start-error.js';
import { loadExposers } from './load-exposers.js';
import { parseAssignments, parsePorts } from './parse-assignments.js';
import { parseControl } from './parse-control.js';
import type { RunLimits } from './parse-run-limits.js';
import { planSandbox } from './plan-sandbox.js';
import { readEnvFile } from './read-env-file.js';
import { tuneHeapForServing } from './tune-heap-for-serving.js';

export interface RunCapabilityOptions {
  file: string;
  /** `ns=url` */
  baseUris: readonly string[];
  /** `ns=port` */
  ports: readonly string[];
  host?: string;
  /** `--control [host:]port`: a control plane for any capability, declared or not. */
  control?: string;
  /** `--allowed-host`: names every HTTP expose answers besides the loopback names. */
  allowedHosts?: readonly string[];
  stateless: boolean;
  /** `--session-id-header`: a new MCP session's id, proposed by the proxy in front. */
  sessionIdHeader?: string;
  envFile?: string;
  /** `--redis url`: resilience state in Redis instead of this process's memory. */
  redis?: string;
  sandbox: boolean;
  stdio: boolean;
  logLevel: LogLevel;
  io: CliIo;
  /** Where SIGINT/SIGTERM arrive; default the process. */
  signals?: NodeJS.EventEmitter;
  /** MCP over stdio; default the process's streams. */
  stdin?: Readable;
  stdout?: Writable;
  /** In-flight calls get this long to finish on shutdown, in ms. Default 10 s. */
  shutdownGraceMs?: number;
  /** A second Ctrl-C while stopping ends the process at once. */
  forceExit?: (code: number) => void;
  /** `--max-calls`, `--max-session-calls`, `--max-response-bytes`, `--max-sessions`, `--session-idle`. */
  limits?: RunLimits;
  /** `--watch`: reload when the capability (or a bind file) changes. SIGHUP reloads either way. */
  watch?: boolean;
}

/**
 * `naftiko run`: validate, resolve binds, start every expose, print one line per listener, then
 * serve until SIGINT/SIGTERM (or the stdio host closes stdin) and stop cleanly. Resolves to the
 * exit code; user mistakes print a message naming the fix, never a stack trace.
 */
export async function runCapability(options: RunCapabilityOptions): Promise<number> {
  const { file, io, stdio, shutdownGraceMs = 10_000, limits = {} } = options;
  const signals = options.signals ?? process;
  const path = resolve(io.cwd, file);
  const shown = toDisplayPath({ file: path, cwd: io.cwd });
  // With --stdio, stdout carries only MCP: everything else, listener lines included, goes to stderr.
  const lines = stdio ? io.stderr : io.stdout;
  const logger = createRunLogger({
    level: options.logLevel,
    output: io.stderr,
    pretty: io.stderr.isTTY === true,
    color: shouldUseColor({ isTTY: io.stderr.isTTY, env: io.env }),
  });

  const baseUri = parseAssignments({ values: options.baseUris, flag: '--base-uri', valueName: 'url' });
  const port = parsePorts(options.ports);
  const control = options.control === undefined ? undefined : parseControl(options.control);
  const allowedHosts = [...(options.allowedHosts ?? [])];
  // Loaded only with --redis: without it nothing of the Redis client is imported.
  const redis = options.redis === undefined ? undefined : await import('./create-redis-store.js');
  const redisUrl = options.redis === undefined ? undefined : redis?.describeRedisUrl(options.redis);
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (error) {
    io.stderr.write(`naftiko: Cannot read '${shown}': ${describeErrno(error)}.\n`);
    return ExitCode.USAGE;
  }

  const loaded = loadCapability(path);
  if (!loaded.capability) {
    const reports = [
      { file: shown, valid: false, diagnostics: loaded.diagnostics.map((d) => relocate(d, path, shown)) },
    ];
    io.stderr.write(
      formatText({
        reports,
        sources: await readSources({ reports, cwd: io.cwd }),
        color: shouldUseColor({ isTTY: io.stderr.isTTY, env: io.env }),
      }),
    );
    io.stderr.write(`naftiko: ${shown} is invalid; fix the errors above, then run it again.\n`);
    return ExitCode.INVALID;
  }
  // --control adds a control expose when the capability declares none (the port and address
  // overrides below then place it like a declared one); a reloaded version gets the same.
  const prepare = (loadedCapability: Capability): Capability =>
    control === undefined || loadedCapability.exposes.some((expose) => expose.type === 'control')
      ? loadedCapability
      : {
          ...loadedCapability,
          exposes: [...loadedCapability.exposes, { type: 'control' as const, port: control.port }],
        };
  const capability = prepare(loaded.capability);
  if (capability.exposes.length === 0) {
    io.stderr.write(
      `naftiko: ${shown} exposes nothing to run (a standalone consumes file, or a capability without \`exposes\`); run a capability that imports it, or add an \`exposes\` entry.\n`,
    );
    return ExitCode.INVALID;
  }
  const warnings = loaded.diagnostics.filter((d) => d.severity === 'warning').length;
  if (warnings > 0) {
    logger.info(
      `capability has ${warnings} warning${warnings === 1 ? '' : 's'}; 'naftiko validate ${shown}' lists them`,
    );
  }

  const env: Record<string, string | undefined> = {
    ...(options.envFile === undefined ? {} : await readEnvFile(resolve(io.cwd, options.envFile))),
    // The real environment wins over the file, as with dotenv.
    ...definedOnly(io.env),
  };
  const address: Record<string, string> = {};
  if (options.host !== undefined) {
    for (const expose of capability.exposes) {
      address[expose.type === 'control' ? 'control' : (expose as { namespace: string }).namespace] =
        options.host;
    }
  }

  if (control !== undefined) {
    port.control = control.port;
    if (control.address !== undefined) address.control = control.address;
  }

  const plan = planSandbox({ capability, pinned: new Set(Object.keys(baseUri)) });
  let sandbox: { url: string; close(): Promise<void> } | undefined;
  if (options.sandbox) {
    if (plan.namespaces.length === 0) {
      logger.warn('--sandbox: no consumes points at api.anthropic.com, so nothing uses the sandbox');
    } else {
      const { createSandbox, DEFAULT_SANDBOX_API_KEY } = await import('@naftiko/sandbox');
      sandbox = await createSandbox({ port: 0 });
      for (const namespace of plan.namespaces) baseUri[namespace] = sandbox.url;
      // The sandbox key replaces any real key: --sandbox never sends a real credential anywhere.
      for (const variable of plan.variables) env[variable] = DEFAULT_SANDBOX_API_KEY;
      logger.info('sandbox upstream started', { url: sandbox.url, consumes: plan.namespaces.join(',') });
    }
  }

  let stopRequested: ((reason: string) => void) | undefined;
  const stopSignal = new Promise<string>((resolveStop) => {
    stopRequested = resolveStop;
  });
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting for in-flight calls`);
      (options.forceExit ?? ((code) => process.exit(code)))(ExitCode.INVALID);
      return;
    }
    stopRequested?.(signal);
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  let store: StateStore | undefined;
  let reloader: Reloader | undefined;
  const cleanup = async () => {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
    reloader?.close();
    await sandbox?.close();
    await store?.close().catch(() => undefined);
  };

  let engine: Engine;
  let addresses: ListenAddress[];
  try {
    if (redis !== undefined && options.redis !== undefined) {
      store = await redis.createRedisStore({ url: options.redis });
      logger.info('resilience state in redis', { url: redisUrl });
    }
    const overrides: EngineOverrides = { baseUri, port, address };
    engine = createEngine({
      capability,
      exposers: await loadExposers({
        types: new Set(capability.exposes.map((expose) => expose.type)),
        allowedHosts,
        shutdownGraceMs,
        mcp: {
          stdio,
          stateless: options.stateless,
          ...(options.sessionIdHeader === undefined ? {} : { sessionIdHeader: options.sessionIdHeader }),
          ...(limits.maxSessions === undefined ? {} : { maxSessions: limits.maxSessions }),
          ...(limits.sessionIdleMs === undefined ? {} : { sessionIdleMs: limits.sessionIdleMs }),
          ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
          ...(options.stdout === undefined ? {} : { stdout: options.stdout }),
          onStdioEnd: () => stopRequested?.('stdin closed'),
          ...(limits.maxSessionCalls === undefined ? {} : { maxSessionCalls: limits.maxSessionCalls }),
          ...(limits.maxResponseBytes === undefined ? {} : { maxStreamBytes: limits.maxResponseBytes }),
        },
      }),
      consumers: [
        createHttpConsumer({
          ...(limits.maxCalls === undefined ? {} : { maxConcurrentCalls: limits.maxCalls }),
          ...(limits.maxResponseBytes === undefined ? {} : { maxResponseBytes: limits.maxResponseBytes }),
        }),
      ],
      env,
      overrides,
      logger,
      ...(store === undefined ? {} : { store }),
    });
    addresses = await engine.start();
  } catch (error) {
    await cleanup();
    if (error instanceof UsageError) throw error;
    if (isNaftikoError(error, 'OVERRIDE_INVALID')) throw new UsageError(error.message, { command: 'run' });
    io.stderr.write(formatStartError({ error, file: shown, sandboxApplies: plan.namespaces.length > 0 }));
    return ExitCode.INVALID;
  }

  for (const listener of addresses) {
    const name = listener.namespace === undefined ? listener.type : `${listener.type} ${listener.namespace}`;
    if (listener.url === 'stdio:') io.stderr.write(`${name} serving on stdio\n`);
    else lines.write(`${name} listening on ${listener.url}\n`);
  }
  tuneHeapForServing();
  reloader = createReloader({
    path,
    shown,
    initial: loaded.capability,
    engine,
    logger,
    prepare,
    watch: options.watch === true,
    signals,
  });
  if (options.watch === true) logger.info(`watching ${shown} for changes`);

  const reason = await stopSignal;
  stopping = true;
  logger.info('stopping', { reason, graceMs: shutdownGraceMs });
  let code: number = ExitCode.OK;
  try {
    await engine.stop();
  } catch (error) {
    logger.error('stop failed', { error });
    code = ExitCode.INVALID;
  }
  await cleanup();
  logger.info('stopped');
  return code;
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

function relocate<T extends { file?: string }>(diagnostic: T, path: string, shown: string): T {
  return diagnostic.file === undefined || diagnostic.file === path
    ? { ...diagnostic, file: shown }
    : diagnostic;
}
