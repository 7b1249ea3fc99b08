#!/usr/bin/env node
// naftiko as a library: load a capability, start the engine with the HTTP consumer only (no
// servers), and call consumed operations by `namespace.operation`. See README.md.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createHttpConsumer } from '@naftiko/consumer-http';
import { createEngine, isNaftikoError, loadCapability } from '@naftiko/core';

const SEED = fileURLToPath(new URL('../../capabilities/managed-agents-sessions.yaml', import.meta.url));
const NAMESPACE = 'managed-agents-sessions';

/**
 * Creates a session, reads it back and lists the agent's sessions.
 *
 * @param {object} options
 * @param {string} [options.capabilityPath] the capability file (default: the seed)
 * @param {string} [options.baseUri] point the consumes namespace elsewhere (a sandbox, a proxy)
 * @param {Record<string, string | undefined>} [options.env] where `binds` read from (default process.env)
 * @param {string} options.agent the agent id the session runs
 * @param {string} options.environmentId the environment id the session runs in
 * @param {AbortSignal} [options.signal] cancels the calls in flight
 */
export async function createAndReadSession(options) {
  const { capabilityPath = SEED, baseUri, env = process.env, agent, environmentId, signal } = options;

  // 1. Load: validation problems come back as diagnostics, never as exceptions.
  const { capability, diagnostics } = loadCapability(capabilityPath);
  if (!capability) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    throw new Error(errors.map((d) => `${d.file}:${d.line ?? 0}: ${d.message} [${d.code}]`).join('\n'));
  }

  // 2. Create the engine. Consumers and exposers are passed in; here only the HTTP consumer,
  //    and `serve: false` because this program calls operations itself instead of serving MCP.
  const engine = createEngine({
    capability,
    consumers: [createHttpConsumer()],
    serve: false,
    env,
    ...(baseUri ? { overrides: { baseUri: { [NAMESPACE]: baseUri } } } : {}),
  });

  // 3. Start resolves binds: a missing ANTHROPIC_API_KEY fails here, naming the variable.
  await engine.start();
  try {
    // 4. Invoke. Arguments are checked against the operation's parameters before any request.
    const created = await engine.invoke(
      `${NAMESPACE}.createsession`,
      { body: { agent, environment_id: environmentId, title: 'Embedded naftiko' } },
      { signal },
    );
    if (created.type !== 'json') throw new Error(`unexpected ${created.type} answer`);
    const { id } = /** @type {{ id: string }} */ (created.value);
    const fetched = await engine.invoke(`${NAMESPACE}.getsession`, { session_id: id }, { signal });
    const listed = await engine.invoke(`${NAMESPACE}.listsessions`, { agent_id: agent }, { signal });
    return {
      created: created.value,
      fetched: fetched.type === 'json' ? fetched.value : undefined,
      listed: listed.type === 'json' ? listed.value : undefined,
    };
  } finally {
    // 5. Stop closes the upstream connection pools; it is idempotent.
    await engine.stop();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      capability: { type: 'string' },
      'base-uri': { type: 'string' },
      agent: { type: 'string' },
      environment: { type: 'string' },
    },
  });
  // Sessions run an agent in an environment of your account: there is no sensible default id.
  if (!values.agent || !values.environment) {
    process.stderr.write(
      'usage: node embed.mjs --agent <agent_id> --environment <environment_id> [--base-uri <url>] [--capability <file>]\n' +
        'Take both ids from your Managed Agents account (any id works against the sandbox).\n',
    );
    process.exitCode = 2;
    return;
  }
  try {
    const result = await createAndReadSession({
      ...(values.capability ? { capabilityPath: values.capability } : {}),
      ...(values['base-uri'] ? { baseUri: values['base-uri'] } : {}),
      agent: values.agent,
      environmentId: values.environment,
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    // Engine failures are NaftikoErrors with a stable code; bound secrets are already redacted.
    process.stderr.write(isNaftikoError(error) ? `${error.code}: ${error.message}\n` : `${error}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
