/** Test-only: a small orders API on a real node:http listener (port 0). */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OrdersUpstream {
  /** Base URI to put in place of the fixture's `mock-orders` baseUri. */
  readonly url: string;
  readonly requests: { method: string; url: string; body: string }[];
  close(): Promise<void>;
}

const ORDERS: Record<string, { id: string; status: string }> = {
  o1: { id: 'o1', status: 'open' },
  o2: { id: 'o2', status: 'shipped' },
};

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startOrdersUpstream(): Promise<OrdersUpstream> {
  const requests: OrdersUpstream['requests'] = [];
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const url = request.url ?? '/';
    requests.push({ method: request.method ?? 'GET', url, body });
    const { pathname, searchParams } = new URL(url, 'http://upstream');
    const json = (status: number, value: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (pathname === '/v1/orders' && request.method === 'GET') {
      const status = searchParams.get('status');
      json(
        200,
        Object.values(ORDERS).filter((order) => status === null || order.status === status),
      );
      return;
    }
    const match = /^\/v1\/orders\/([^/]+)$/.exec(pathname);
    const order = match ? ORDERS[decodeURIComponent(match[1] as string)] : undefined;
    if (!order) {
      json(404, { error: { type: 'not_found_error', message: 'no such order' } });
      return;
    }
    if (request.method === 'GET') json(200, order);
    else json(200, { ...order, ...(JSON.parse(body || '{}') as object) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
