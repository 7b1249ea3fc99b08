// The floor for any Node.js gateway, for bench/rest.mjs: one fastify route that forwards
// `GET /v1/sessions/:id` with an undici pool and the key injected, nothing else (no validation,
// templating, mapping or logging), and `/forward/*` relaying the rest of the path as a stream. The gap between it and nginx is Node's; the gap between it and
// naftiko is the engine's.   node bench/rest/serve-floor.mjs <sandbox-url> <api-key>
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
// The same fastify and undici the exposer and the consumer use.
const Fastify = createRequire(join(root, 'packages/exposer-rest/package.json'))('fastify');
const { Pool } = createRequire(join(root, 'packages/consumer-http/package.json'))('undici');

const [sandboxUrl, apiKey] = process.argv.slice(2);
if (!sandboxUrl || !apiKey) {
  console.error('usage: node bench/rest/serve-floor.mjs <sandbox-url> <api-key>');
  process.exit(2);
}
const headers = {
  'x-api-key': apiKey,
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'managed-agents-2026-04-01',
};
const pool = new Pool(sandboxUrl, { connections: 128 });
const app = Fastify();
app.get('/v1/sessions/:id', async (request, reply) => {
  const response = await pool.request({
    method: 'GET',
    path: `/v1/sessions/${encodeURIComponent(request.params.id)}`,
    headers,
  });
  const value = await response.body.json();
  reply.code(response.statusCode).type('application/json').send(JSON.stringify(value));
});
// Forward mode's floor: the rest of the path relayed, the answer streamed back untouched.
app.get('/forward/*', async (request, reply) => {
  const response = await pool.request({
    method: 'GET',
    path: request.url.slice('/forward'.length),
    headers: { ...headers, accept: request.headers.accept },
  });
  reply.code(response.statusCode).header('content-type', response.headers['content-type']);
  return reply.send(response.body);
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`http://127.0.0.1:${app.server.address().port}\n`);
process.once('SIGTERM', () => {
  app
    .close()
    .then(() => pool.close())
    .then(() => process.exit(0));
});
