import { createHttpConsumer, type HttpConsumerOptions } from '@naftiko/consumer-http';
import {
  createCapability,
  createEngine,
  type Engine,
  type ExposerContext,
  type ExposerV1,
} from '@naftiko/core';
import type { CapabilityDocumentSpec } from '@naftiko/spec';
import { parse } from 'yaml';

/** Options of {@link startTestEngine}. */
export interface StartTestEngineOptions {
  /** Capability YAML (compatible dialect). */
  yaml: string;
  env?: Record<string, string>;
  consumer?: HttpConsumerOptions;
  /** Register these exposers instead of capturing the context (real-listener tests). */
  exposers?: ExposerV1[];
  overrides?: Parameters<typeof createEngine>[0]['overrides'];
}

export interface TestEngine {
  engine: Engine;
  /** The context the engine hands to rest exposers, for `buildRestApp` + `inject()`. */
  context: ExposerContext;
  stop(): Promise<void>;
}

/**
 * Starts a real engine (real http consumer, real upstream) for a test capability. Unless
 * `exposers` are given, a stand-in `rest` exposer only keeps the ExposerContext the engine
 * creates, so a test can build the fastify app itself and `inject()` requests into it.
 */
export async function startTestEngine(options: StartTestEngineOptions): Promise<TestEngine> {
  const document = parse(options.yaml) as CapabilityDocumentSpec;
  const capability = createCapability({ document, baseDir: process.cwd(), dialect: 'compatible' });
  let captured: ExposerContext | undefined;
  const capture: ExposerV1 = {
    specificationVersion: 'v1',
    type: 'rest',
    doCreate: ({ context }) => {
      captured = context;
      return { doStart: async () => [], doStop: async () => {} };
    },
  };
  const engine = createEngine({
    capability,
    exposers: options.exposers ?? [capture],
    consumers: [createHttpConsumer({ connectTimeoutMs: 1000, timeoutMs: 2000, ...options.consumer })],
    env: options.env ?? {},
    ...(options.overrides ? { overrides: options.overrides } : {}),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  await engine.start();
  return {
    engine,
    get context() {
      if (!captured) throw new Error('no rest expose captured: pass a capability with a rest expose');
      return captured;
    },
    stop: () => engine.stop(),
  };
}
