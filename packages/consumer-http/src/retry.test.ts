import { afterEach, describe, expect, test } from 'vitest';
import { retryDelay } from './retry-delay.js';
import {
  type ConsumesSpec,
  caught,
  createTestConsumer,
  type TestConsumer,
} from './testing/create-test-consumer.js';
import { startTestServer, type TestServer } from './testing/test-server.js';

let server: TestServer | undefined;
let consumer: TestConsumer | undefined;
afterEach(async () => {
  await consumer?.close();
  await server?.close();
  consumer = undefined;
  server = undefined;
});

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

/** An upstream that answers each request with the next status of `script`, then 200. */
async function failingUpstream(script: Array<number | { status: number; retryAfter: string }>) {
  let index = 0;
  server = await startTestServer((_request, response) => {
    const step = script[index++];
    if (step === undefined) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
      return;
    }
    const { status, retryAfter } = typeof step === 'number' ? { status: step, retryAfter: undefined } : step;
    response.writeHead(status, {
      'content-type': 'application/json',
      ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
    });
    response.end('{"error":{"type":"overloaded","message":"try later"}}');
  });
  return server;
}

function consumesWith(url: string, method: string, resilience: Record<string, unknown>): ConsumesSpec {
  return {
    namespace: 'up',
    type: 'http',
    baseUri: url,
    resources: [
      {
        name: 'items',
        path: '/items',
        operations: [{ name: 'op', method, 'x-naftiko-resilience': resilience }],
      },
    ],
  } as ConsumesSpec;
}

/** A consumer whose waits resolve at once and are recorded: no sleeps in tests. */
function recordingConsumer(consumes: ConsumesSpec, random = () => 0.5) {
  const waits: number[] = [];
  consumer = createTestConsumer(consumes, {
    consumer: {
      random,
      delay: async (ms) => {
        waits.push(ms);
      },
    },
  });
  return { consumer, waits };
}

describe('retryDelay: exponential backoff with full jitter', () => {
  test('each wait is below min(maxDelayMs, baseDelayMs * 2^(retry-1)), and uses the whole range', () => {
    for (let retry = 1; retry <= 6; retry++) {
      const ceiling = Math.min(1000, 100 * 2 ** (retry - 1));
      expect(retryDelay({ policy, retry, random: () => 0 })).toBe(0);
      expect(retryDelay({ policy, retry, random: () => 0.999_999 })).toBe(ceiling - 1);
      expect(retryDelay({ policy, retry, random: () => 0.5 })).toBe(Math.floor(ceiling / 2));
    }
  });

  test('Retry-After is honoured as a floor, in seconds or as an HTTP date, and past the cap ends the retries', () => {
    expect(retryDelay({ policy, retry: 1, random: () => 0, retryAfter: '2' })).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(
      retryDelay({ policy, retry: 1, random: () => 0, retryAfter: 'Thu, 01 Jan 2026 00:00:03 GMT', now }),
    ).toBe(3000);
    expect(retryDelay({ policy, retry: 1, random: () => 0, retryAfter: '6' })).toBeUndefined();
  });
});

describe('retries of consumed operations', () => {
  test('a GET is retried after 503s with growing jittered waits, until it succeeds', async () => {
    const upstream = await failingUpstream([503, 502, 504]);
    const { consumer, waits } = recordingConsumer(
      consumesWith(upstream.url, 'GET', { retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 } }),
    );
    const response = await consumer.call('op');
    expect(response.body).toEqual({ type: 'data', value: { ok: true } });
    expect(upstream.requests).toHaveLength(4);
    expect(waits).toEqual([50, 100, 200]);
  });

  test('attempts stop at maxAttempts and the last failure is what the caller gets', async () => {
    const upstream = await failingUpstream([500, 500, 500, 500]);
    const { consumer } = recordingConsumer(consumesWith(upstream.url, 'GET', { retry: { maxAttempts: 3 } }));
    const error = await caught(() => consumer.call('op'));
    expect(error.code).toBe('UPSTREAM_STATUS');
    expect(error.data?.status).toBe(500);
    expect(upstream.requests).toHaveLength(3);
  });

  test('a POST is never retried, unless the operation says it is idempotent', async () => {
    const upstream = await failingUpstream([503, 503]);
    const first = recordingConsumer(consumesWith(upstream.url, 'POST', { retry: { maxAttempts: 3 } }));
    expect((await caught(() => first.consumer.call('op'))).code).toBe('UPSTREAM_STATUS');
    expect(upstream.requests).toHaveLength(1);
    await first.consumer.close();
    const second = recordingConsumer(
      consumesWith(upstream.url, 'POST', { idempotent: true, retry: { maxAttempts: 3 } }),
    );
    expect((await second.consumer.call('op')).status).toBe(200);
    expect(upstream.requests).toHaveLength(3);
  });

  test('a 4xx other than 408/429 is not retried', async () => {
    const upstream = await failingUpstream([404]);
    const { consumer } = recordingConsumer(consumesWith(upstream.url, 'GET', { retry: { maxAttempts: 3 } }));
    expect((await caught(() => consumer.call('op'))).data?.status).toBe(404);
    expect(upstream.requests).toHaveLength(1);
  });

  test("a 429's Retry-After sets the wait; one past maxRetryAfterMs ends the call at once", async () => {
    const upstream = await failingUpstream([
      { status: 429, retryAfter: '2' },
      { status: 429, retryAfter: '60' },
    ]);
    const { consumer, waits } = recordingConsumer(
      consumesWith(upstream.url, 'GET', { retry: { maxAttempts: 5, maxRetryAfterMs: 10_000 } }),
    );
    const error = await caught(() => consumer.call('op'));
    expect(error.data).toMatchObject({ status: 429, retryAfter: '60' });
    expect(waits).toEqual([2000]);
    expect(upstream.requests).toHaveLength(2);
  });

  test('an unreachable upstream is retried too', async () => {
    const { consumer, waits } = recordingConsumer(
      consumesWith('http://127.0.0.1:1', 'GET', { retry: { maxAttempts: 3, baseDelayMs: 10 } }),
    );
    expect((await caught(() => consumer.call('op'))).code).toBe('UPSTREAM_UNREACHABLE');
    expect(waits).toHaveLength(2);
  });

  test('no retry would end past the call deadline: timeoutMs bounds the whole call', async () => {
    const upstream = await failingUpstream([503, 503, 503]);
    const { consumer, waits } = recordingConsumer(
      consumesWith(upstream.url, 'GET', {
        timeoutMs: 1000,
        retry: { maxAttempts: 5, baseDelayMs: 4000, maxDelayMs: 4000 },
      }),
    );
    expect((await caught(() => consumer.call('op'))).data?.status).toBe(503);
    expect(waits).toEqual([]);
    expect(upstream.requests).toHaveLength(1);
  });

  test('a caller who cancels during the backoff ends the call at once: no further attempt', async () => {
    const upstream = await failingUpstream([503, 503]);
    const caller = new AbortController();
    consumer = createTestConsumer(
      consumesWith(upstream.url, 'GET', {
        retry: { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      }),
      { consumer: { random: () => 0.5 } },
    );
    const call = caught(() => consumer!.call('op', {}, { signal: caller.signal }));
    while (upstream.requests.length < 1) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    caller.abort();
    expect((await call).code).toBe('ABORTED');
    expect(upstream.requests).toHaveLength(1);
  });

  test('timeoutMs per operation overrides the consumer timeout', async () => {
    server = await startTestServer(() => undefined); // never answers
    consumer = createTestConsumer(consumesWith(server.url, 'GET', { timeoutMs: 50 }), {
      consumer: { timeoutMs: 60_000 },
    });
    const error = await caught(() => consumer!.call('op'));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    expect(error.message).toContain('50 ms');
  });
});

test("a forwarded request takes the consumes entry's timeoutMs", async () => {
  server = await startTestServer(() => undefined); // never answers
  const consumes = {
    namespace: 'up',
    type: 'http',
    baseUri: server.url,
    'x-naftiko-resilience': { timeoutMs: 50 },
    resources: [],
  } as unknown as ConsumesSpec;
  consumer = createTestConsumer(consumes, { consumer: { timeoutMs: 60_000 } });
  const error = await caught(
    async () =>
      await consumer!.instance.doForward?.({ method: 'GET', path: '/items', search: '', headers: {} }, {}),
  );
  expect(error.code).toBe('UPSTREAM_TIMEOUT');
});
