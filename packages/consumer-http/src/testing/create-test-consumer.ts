import {
  type BindingValues,
  type ConsumerCreateOptions,
  type ConsumerInstance,
  type ConsumerResponse,
  compileTemplate,
  createRedactor,
  createTemplateContext,
  type Logger,
} from '@naftiko/core';
import { createHttpConsumer, type HttpConsumerOptions } from '../create-http-consumer.js';

export type ConsumesSpec = ConsumerCreateOptions['consumes'];

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export interface TestConsumer {
  instance: ConsumerInstance;
  bindings: BindingValues;
  call(
    operation: string,
    parameters?: Record<string, unknown>,
    options?: { signal?: AbortSignal; arguments?: Record<string, unknown> },
  ): Promise<ConsumerResponse>;
  close(): Promise<void>;
}

/**
 * Builds a consumer instance the way the engine does (core's template compiler, bindings flat and
 * by namespace, a redactor over the bound values) and a `call` that mirrors the engine's request.
 */
export function createTestConsumer(
  consumes: ConsumesSpec,
  options: { binds?: Record<string, Record<string, string>>; consumer?: HttpConsumerOptions } = {},
): TestConsumer {
  const byNamespace = options.binds ?? {};
  const flat = Object.assign({}, ...Object.values(byNamespace)) as Record<string, string>;
  const bindings: BindingValues = { flat, byNamespace };
  const instance = createHttpConsumer(options.consumer).doCreate({
    consumes,
    compileTemplate,
    bindings,
    baseDir: process.cwd(),
    logger: silent,
    redactor: createRedactor({ values: Object.values(flat) }),
  });
  return {
    instance,
    bindings,
    call(operation, parameters = {}, callOptions = {}) {
      const templateContext = createTemplateContext({
        bindings,
        parameters,
        ...(callOptions.arguments === undefined ? {} : { arguments: callOptions.arguments }),
      });
      return instance.doInvoke(
        { operation, parameters, templateContext },
        callOptions.signal === undefined ? {} : { signal: callOptions.signal },
      );
    },
    close: () => instance.doClose(),
  };
}

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function caught(
  fn: () => Promise<unknown>,
): Promise<Error & { code?: string; data?: Record<string, unknown> }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { code?: string; data?: Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}
