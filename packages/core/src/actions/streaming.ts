import type { ConsumedOperationRef } from '../capability.js';

/**
 * Whether a consumed operation answers with a server-sent event stream, decided statically
 * (tools/list needs it before any call): the resource path's last segment is `stream`, as in
 * `/v1/sessions/{session_id}/stream` and `/v1/sessions/{id}/events/stream`. The runtime never
 * relies on it: whatever the signal said, a `text/event-stream` response is handled as a stream.
 */
export function isStreamingOperation(ref: ConsumedOperationRef): boolean {
  const path = ref.resource.path.split('?')[0]?.replace(/\/+$/, '') ?? '';
  return path.endsWith('/stream');
}
