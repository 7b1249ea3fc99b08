import { expect, test } from 'vitest';
import type { ConsumedOperationRef } from '../capability.js';
import { isStreamingOperation } from './streaming.js';

function refFor(path: string): ConsumedOperationRef {
  return {
    consumes: { type: 'http', namespace: 'api', baseUri: 'http://127.0.0.1:1', resources: [] },
    resource: { name: 'r', path, operations: [] },
    operation: { name: 'op', method: 'GET' },
  } as unknown as ConsumedOperationRef;
}

test('a resource path whose last segment is stream is a streaming operation', () => {
  expect(isStreamingOperation(refFor('/v1/sessions/{session_id}/stream'))).toBe(true);
  expect(isStreamingOperation(refFor('/v1/sessions/{{id}}/events/stream'))).toBe(true);
  expect(isStreamingOperation(refFor('/events/stream/'))).toBe(true);
  expect(isStreamingOperation(refFor('/events/stream?deltas=1'))).toBe(true);
});

test('anything else is not', () => {
  expect(isStreamingOperation(refFor('/v1/sessions/{session_id}'))).toBe(false);
  expect(isStreamingOperation(refFor('/v1/streams'))).toBe(false);
  expect(isStreamingOperation(refFor('/v1/stream/items'))).toBe(false);
  expect(isStreamingOperation(refFor('/v1/livestream'))).toBe(false);
});
