import { createId } from './create-id.js';
import type { SessionRecord, SessionStore } from './session-store.js';
import type { SessionEvent } from './session-types.js';

/** Produces the agent's reply text to a user message. */
export type SandboxReply = (userText: string) => string | Promise<string>;

export interface SessionWorker {
  /** Queues sent events; a worker drains them in order, one scripted turn per `user.message`. */
  enqueue(record: SessionRecord, events: SessionEvent[]): void;
  /** `user.interrupt`: jumps the queue, stops the turn in flight and forces `idle`. */
  interrupt(record: SessionRecord, event: SessionEvent): void;
}

// Previews split the reply into chunks of this many characters, like token deltas.
const DELTA_CHUNK = 16;

/**
 * The scripted agent. A turn streams, `replyDelayMs` apart: the `user.message` echo,
 * `session.status_running`, `span.model_request_start`, `agent.message`, `span.model_request_end`,
 * `session.status_idle` with `end_turn` (wire spec §5.4, "plain turn").
 */
export function createSessionWorker(options: {
  store: SessionStore;
  reply: SandboxReply;
  replyDelayMs: number;
}): SessionWorker {
  const { store, reply, replyDelayMs } = options;

  const pause = (signal: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        if (replyDelayMs > 0) clearTimeout(handle as NodeJS.Timeout);
        else clearImmediate(handle as NodeJS.Immediate);
        reject(signal.reason);
      };
      const done = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      // A zero delay still yields, so the POST that queued the events answers before the stream moves.
      const handle: NodeJS.Timeout | NodeJS.Immediate =
        replyDelayMs > 0 ? setTimeout(done, replyDelayMs) : setImmediate(done);
      signal.addEventListener('abort', onAbort, { once: true });
    });

  const runTurn = async (
    record: SessionRecord,
    message: SessionEvent,
    signal: AbortSignal,
  ): Promise<void> => {
    store.setStatus(record, 'running');
    await pause(signal);
    const start = store.publish(record, { type: 'span.model_request_start' });
    await pause(signal);
    const userText = textOf(message);
    let text: string;
    try {
      text = String(await reply(userText));
    } catch (error) {
      signal.throwIfAborted();
      store.publish(record, {
        type: 'session.error',
        error: {
          type: 'unknown_error',
          message: `sandbox reply function failed: ${error instanceof Error ? error.message : String(error)}`,
          retry_status: { type: 'terminal' },
        },
      });
      store.publish(record, {
        type: 'span.model_request_end',
        model_request_start_id: start.id,
        is_error: true,
        model_usage: usage(0, 0),
      });
      await pause(signal);
      store.setStatus(record, 'idle', { stop_reason: { type: 'retries_exhausted' }, stop_details: null });
      return;
    }
    signal.throwIfAborted();
    const messageId = createId('sevt');
    streamPreviews(record, messageId, text);
    store.publish(record, { type: 'agent.message', id: messageId, content: [{ type: 'text', text }] });
    await pause(signal);
    const inputTokens = estimateTokens(userText) + 12;
    const outputTokens = estimateTokens(text);
    store.publish(record, {
      type: 'span.model_request_end',
      model_request_start_id: start.id,
      is_error: false,
      model_usage: usage(inputTokens, outputTokens),
    });
    record.session.usage.input_tokens += inputTokens;
    record.session.usage.output_tokens += outputTokens;
    await pause(signal);
    store.setStatus(record, 'idle', { stop_reason: { type: 'end_turn' }, stop_details: null });
  };

  const streamPreviews = (record: SessionRecord, id: string, text: string): void => {
    if (![...record.subscribers].some((subscriber) => subscriber.deltas.has('agent.message'))) return;
    store.preview(record, { type: 'event_start', event: { type: 'agent.message', id } }, 'agent.message');
    for (let offset = 0; offset < text.length; offset += DELTA_CHUNK) {
      store.preview(
        record,
        {
          type: 'event_delta',
          event_id: id,
          delta: {
            type: 'content_delta',
            index: 0,
            content: { type: 'text', text: text.slice(offset, offset + DELTA_CHUNK) },
          },
        },
        'agent.message',
      );
    }
  };

  const drain = async (record: SessionRecord, controller: AbortController): Promise<void> => {
    const { signal } = controller;
    try {
      while (!signal.aborted) {
        const event = record.queue.shift();
        if (event === undefined) break;
        await pause(signal);
        store.markProcessed(record, event);
        if (event.type === 'user.message') await runTurn(record, event, signal);
      }
    } catch (error) {
      // An abort (interrupt, archive, delete, close) ends the turn silently; anything else is a bug
      // in the script and must not become an unhandled rejection that kills the host process.
      if (!signal.aborted) console.error('naftiko sandbox: session worker failed:', error);
    } finally {
      if (record.worker === controller) record.worker = undefined;
    }
  };

  return {
    enqueue(record, events) {
      record.queue.push(...events);
      if (record.worker !== undefined) return;
      const controller = new AbortController();
      record.worker = controller;
      void drain(record, controller);
    },
    interrupt(record, event) {
      store.cancelWork(record);
      store.markProcessed(record, event);
      store.setStatus(record, 'idle', { stop_reason: { type: 'end_turn' }, stop_details: null });
    },
  };
}

function textOf(message: SessionEvent): string {
  const content = Array.isArray(message.content) ? message.content : [];
  return content
    .filter(
      (block): block is { type: 'text'; text: string } =>
        block?.type === 'text' && typeof block.text === 'string',
    )
    .map((block) => block.text)
    .join('\n');
}

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function usage(input: number, output: number): Record<string, number> {
  return {
    input_tokens: input,
    output_tokens: output,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}
