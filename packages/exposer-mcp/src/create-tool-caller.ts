import type { CallToolResult, ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { type InboundLimiter, isNaftikoError, type Logger } from '@naftiko/core';
import { collectStream, summarizeEvent } from './collect-stream.js';
import type { CompiledTool } from './compile-tools.js';
import type { CallTracker } from './create-call-tracker.js';
import { protocolError } from './protocol-error.js';
import { sdkTypes } from './sdk-types.js';
import { type ToolFailure, toErrorResult } from './to-error-result.js';
import { type JsonFormat, toStreamToolResult, toToolResult } from './to-tool-result.js';

export interface ToolCallSettings {
  jsonFormat: JsonFormat;
  /** A streaming tool returns after this many events. */
  maxStreamEvents: number;
  /** A streaming tool returns before its kept events' data passes this many characters. */
  maxStreamBytes: number;
  /** A streaming tool returns after this long, in ms. */
  maxStreamDurationMs: number;
}

export interface CreateToolCallerOptions {
  namespace: string;
  tools: ReadonlyMap<string, CompiledTool>;
  settings: ToolCallSettings;
  tracker: CallTracker;
  logger: Logger;
  /** The expose's per-caller rate limit (`x-naftiko-resilience.rateLimit`), when it has one. */
  limiter?: InboundLimiter;
}

export interface ToolCallRequest {
  name: string;
  arguments?: Record<string, unknown>;
  progressToken?: string | number;
}

/** The parts of the SDK's request context a tool call uses. */
export interface ToolCallContext {
  signal: AbortSignal;
  sendNotification(notification: ServerNotification): Promise<void>;
  /** Sends the call's log line to the client as an MCP log message (subject to `logging/setLevel`). */
  sendLog?(level: 'info' | 'warning', data: Record<string, unknown>): void;
  /** The request's `_meta.traceparent`, handed to the action for upstream propagation. */
  traceparent?: string;
  /** The MCP session of the call, for per-caller limits. */
  sessionId?: string;
  /** The HTTP request headers, when the transport has them. */
  headers?: Record<string, string | string[] | undefined>;
  /** The client's address, when the transport has one. */
  remoteAddress?: string;
}

export type ToolCaller = (request: ToolCallRequest, context: ToolCallContext) => Promise<CallToolResult>;

/**
 * `tools/call`: the action checks the arguments first (a failure is a tool execution error naming
 * each bad field, so the model can correct itself, as the MCP specification recommends, rather
 * than a JSON-RPC -32602), then runs with a signal that `notifications/cancelled` and shutdown
 * abort. Streaming actions report each event
 * as `notifications/progress` when the client sent a progress token. One log line per call.
 */
export function createToolCaller(options: CreateToolCallerOptions): ToolCaller {
  const { namespace, tools, settings, tracker, logger, limiter } = options;
  const known = [...tools.keys()];

  return async (request, context) => {
    const tool = tools.get(request.name);
    if (!tool) {
      const { ErrorCode } = sdkTypes();
      throw protocolError(
        ErrorCode.InvalidParams,
        `Unknown tool "${request.name}". Available tools: ${known.join(', ')}.`,
      );
    }
    const started = performance.now();
    const log = (fields: Record<string, unknown>) => {
      const line = {
        expose: namespace,
        tool: tool.name,
        ...fields,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      };
      logger.info('mcp tools/call', line);
      context.sendLog?.(fields.outcome === 'ok' ? 'info' : 'warning', line);
    };
    const fail = (failure: ToolFailure): CallToolResult => {
      log({
        outcome: failure.outcome,
        ...(failure.status === undefined ? {} : { status: failure.status }),
        ...(failure.code === undefined ? {} : { code: failure.code }),
      });
      return failure.result;
    };

    const args = request.arguments ?? {};
    // `run` validates the arguments first (INVALID_ARGUMENTS, before any upstream call), so they
    // are checked once per call; the failure becomes a tool error naming each bad field.
    // The call's signal also reaches the upstream request: `abort` releases it when a stream
    // stops early (limit, shutdown), no second controller per call.
    return tracker.track(context.signal, async (signal, abort) => {
      try {
        await limiter?.check({
          headers: context.headers ?? {},
          ...(context.sessionId === undefined ? {} : { sessionId: context.sessionId }),
          ...(context.remoteAddress === undefined ? {} : { remoteAddress: context.remoteAddress }),
        });
        const result = await tool.action.run(
          args,
          context.traceparent === undefined ? { signal } : { signal, traceparent: context.traceparent },
        );
        if (result.type !== 'stream') {
          log({ outcome: 'ok', status: result.status });
          if (tool.content !== undefined) {
            return { content: tool.content(result.type === 'json' ? result.value : result.text, args) };
          }
          return toToolResult(result, settings.jsonFormat);
        }
        const { progressToken } = request;
        const collected = await collectStream({
          events: result.events,
          maxEvents: settings.maxStreamEvents,
          maxBytes: settings.maxStreamBytes,
          maxDurationMs: settings.maxStreamDurationMs,
          signal,
          stop: tracker.stopping,
          abortUpstream: abort,
          ...(progressToken === undefined
            ? {}
            : {
                onEvent: (event, count) =>
                  context
                    .sendNotification({
                      method: 'notifications/progress',
                      params: { progressToken, progress: count, message: summarizeEvent(event) },
                    })
                    // A client gone mid-stream must not fail the collection.
                    .catch(() => undefined),
              }),
        });
        log({
          outcome: 'ok',
          status: result.status,
          events: collected.events.length,
          endedBy: collected.endedBy,
        });
        return toStreamToolResult(collected, settings.jsonFormat);
      } catch (error) {
        if (!isNaftikoError(error)) {
          // The engine's logger redacts bound secrets from the error.
          logger.error('mcp tools/call failed unexpectedly', { expose: namespace, tool: tool.name, error });
        }
        return fail(toErrorResult(tool.name, error));
      }
    });
  };
}
