import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** The SDK's transports refuse batches longer than this (`MAX_BATCH_SIZE`). */
export const MAX_BATCH_SIZE = 100;

export type ParsedMessages =
  | { ok: true; messages: JSONRPCMessage[] }
  | { ok: false; code: number; message: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): boolean {
  return typeof value === 'string' || Number.isInteger(value);
}

/**
 * The structural check the SDK's `JSONRPCMessageSchema` makes (request, notification, result or
 * error, `jsonrpc: "2.0"`), without zod: on the hot path of every POST, and the server checks
 * each request's params against its method's schema anyway.
 */
export function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  if (!isObject(value) || value.jsonrpc !== '2.0') return false;
  if ('method' in value) {
    if (typeof value.method !== 'string') return false;
    if (value.params !== undefined && !isObject(value.params)) return false;
    return !('id' in value) || isId(value.id);
  }
  if ('result' in value) return isId(value.id) && isObject(value.result);
  if ('error' in value) {
    const { error } = value;
    return (
      (value.id === undefined || isId(value.id)) &&
      isObject(error) &&
      Number.isInteger(error.code) &&
      typeof error.message === 'string'
    );
  }
  return false;
}

/**
 * A parsed POST body as JSON-RPC messages, answered like the SDK's transport: a batch over
 * {@link MAX_BATCH_SIZE} is -32600, anything that is not a JSON-RPC message (or a batch with one)
 * is -32700.
 */
export function parseJsonRpcMessages(body: unknown): ParsedMessages {
  if (!Array.isArray(body)) {
    return isJsonRpcMessage(body)
      ? { ok: true, messages: [body] }
      : { ok: false, code: -32700, message: 'Parse error: Invalid JSON-RPC message' };
  }
  if (body.length > MAX_BATCH_SIZE) {
    return {
      ok: false,
      code: -32600,
      message: `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`,
    };
  }
  for (const message of body) {
    if (!isJsonRpcMessage(message)) {
      return { ok: false, code: -32700, message: 'Parse error: Invalid JSON-RPC message' };
    }
  }
  return { ok: true, messages: body as JSONRPCMessage[] };
}

/** A request (has a method and an id), as opposed to a notification or a response. */
export function isRequestMessage(message: JSONRPCMessage): message is JSONRPCMessage & {
  id: string | number;
  method: string;
} {
  return 'method' in message && 'id' in message;
}
