import { expect, test } from 'vitest';
import { loadCapability } from '../load-capability.js';
import { findCacheTtlMs } from './find-cache-ttl.js';

const source = `
naftiko: 1.0.0-alpha2
info: {label: Cached, description: Cache TTLs.}
capability:
  consumes:
    - type: http
      namespace: up
      description: An upstream.
      baseUri: https://up.naftiko.test
      x-naftiko-resilience: {cache: {ttlMs: 30000}}
      resources:
        - name: items
          path: /items
          operations:
            - {name: list, method: GET}
            - {name: fresh, method: GET, x-naftiko-resilience: {cache: {ttlMs: 5000}}}
            - {name: create, method: POST}
  exposes:
    - type: mcp
      port: 9100
      namespace: tools
      tools:
        - {name: list, description: Lists., call: up.list}
        - {name: fresh, description: Fresh., call: up.fresh}
        - {name: create, description: Creates., call: up.create}
`;

test('the TTL a tool can announce is the cache TTL of the operation it calls, none for unsafe ones', () => {
  const { capability, diagnostics } = loadCapability(source, { kind: 'source', filename: 'cached.yaml' });
  if (!capability) throw new Error(JSON.stringify(diagnostics));
  expect(findCacheTtlMs(capability, { call: 'up.list' })).toBe(30_000);
  expect(findCacheTtlMs(capability, { call: 'up.fresh' })).toBe(5000);
  expect(findCacheTtlMs(capability, { call: 'up.create' })).toBeUndefined();
  expect(findCacheTtlMs(capability, {})).toBeUndefined();
});
