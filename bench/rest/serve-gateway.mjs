// The REST gateway example served by the built packages, for bench/rest.mjs. Run as a child
// process so the gateway has an event loop of its own, as in production:
//   node bench/rest/serve-gateway.mjs <sandbox-url> <api-key>
// Prints the gateway's base URL on stdout once it listens; exits on SIGTERM.
// Besides the example's call routes, the bench adds one forward resource, `/forward`, so forward
// mode is measured on the same upstream: `/forward/v1/sessions/{id}` goes to the sandbox's
// `/v1/sessions/{id}` with the held key, the client's version headers trusted.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const [sandboxUrl, apiKey] = process.argv.slice(2);
if (!sandboxUrl || !apiKey) {
  console.error('usage: node bench/rest/serve-gateway.mjs <sandbox-url> <api-key>');
  process.exit(2);
}
const { validateCapability } = await import(join(root, 'packages/spec/dist/index.js'));
const { createCapability, createEngine } = await import(join(root, 'packages/core/dist/index.js'));
const { createHttpConsumer } = await import(join(root, 'packages/consumer-http/dist/index.js'));
const { createRestExposer } = await import(join(root, 'packages/exposer-rest/dist/index.js'));

const loaded = validateCapability({ path: join(root, 'examples/rest-gateway/capability.yaml') });
if (!loaded.value) {
  console.error(JSON.stringify(loaded.diagnostics, null, 2));
  process.exit(1);
}
const rest = loaded.value.document.capability.exposes.find((expose) => expose.type === 'rest');
rest.resources.push({
  name: 'forward',
  path: '/forward',
  forward: { targetNamespace: 'anthropic', trustedHeaders: ['anthropic-version', 'anthropic-beta'] },
});
const engine = createEngine({
  capability: createCapability(loaded.value),
  consumers: [createHttpConsumer()],
  exposers: [createRestExposer()],
  env: { ANTHROPIC_API_KEY: apiKey },
  overrides: { baseUri: { anthropic: sandboxUrl }, port: { 'sessions-gateway': 0 } },
});
const addresses = await engine.start();
process.stdout.write(`${addresses[0].url}\n`);
process.once('SIGTERM', () => {
  engine.stop().then(() => process.exit(0));
});
