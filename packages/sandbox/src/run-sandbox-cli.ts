import { parseArgs } from 'node:util';
import { createSandbox, type Sandbox } from './create-sandbox.js';

const USAGE = `Usage: naftiko-sandbox [--port <n>] [--host <address>] [--api-key <key> | --any-key]
                       [--reply-delay-ms <n>] [--heartbeat-ms <n>]

Starts a local stand-in for the Anthropic Managed Agents Sessions API.
  --port            TCP port (default 0: a free port)
  --host            interface to bind (default 127.0.0.1)
  --api-key         key clients must send as x-api-key or Bearer (default sk-ant-sandbox)
  --any-key         accept any non-empty key
  --reply-delay-ms  pause between scripted stream events (default 20)
  --heartbeat-ms    interval of ping frames on open streams (default 15000)
`;

export interface SandboxCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * The `naftiko-sandbox` command: parses `argv`, starts the sandbox and prints its URL.
 * Returns the running sandbox, or an exit code when it did not start (2 = usage error).
 * Recording is off: nobody in-process can read it, and benchmarks must not grow memory.
 */
export async function runSandboxCli(options: {
  argv: string[];
  io: SandboxCliIo;
}): Promise<Sandbox | number> {
  const { argv, io } = options;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string' },
        'any-key': { type: 'boolean' },
        'reply-delay-ms': { type: 'string' },
        'heartbeat-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.stderr(`naftiko-sandbox: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values['any-key'] && values['api-key'] !== undefined) {
    io.stderr(`naftiko-sandbox: use either --api-key or --any-key, not both\n\n${USAGE}`);
    return 2;
  }
  const numbers: Record<string, number | undefined> = {};
  for (const flag of ['port', 'reply-delay-ms', 'heartbeat-ms'] as const) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    if (!/^\d+$/.test(raw)) {
      io.stderr(`naftiko-sandbox: --${flag} expects a non-negative integer, got ${JSON.stringify(raw)}\n`);
      return 2;
    }
    numbers[flag] = Number(raw);
  }
  try {
    const sandbox = await createSandbox({
      port: numbers.port,
      host: typeof values.host === 'string' ? values.host : undefined,
      apiKey: values['any-key']
        ? null
        : typeof values['api-key'] === 'string'
          ? values['api-key']
          : undefined,
      replyDelayMs: numbers['reply-delay-ms'],
      heartbeatMs: numbers['heartbeat-ms'],
      record: false,
    });
    io.stdout(`sandbox listening on ${sandbox.url}\n`);
    return sandbox;
  } catch (error) {
    io.stderr(`naftiko-sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
