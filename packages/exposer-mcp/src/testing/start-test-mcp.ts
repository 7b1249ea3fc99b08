import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createHttpConsumer, type HttpConsumerOptions } from '@naftiko/consumer-http';
import {
  createEngine,
  type Engine,
  type EngineOverrides,
  type LogFields,
  type Logger,
  loadCapability,
} from '@naftiko/core';
import { createMcpExposer, type McpExposerOptions } from '../create-mcp-exposer.js';

export interface LogLine {
  level: string;
  message: string;
  fields?: LogFields;
}

export interface StartTestMcpOptions {
  /** A capability path, or its YAML text (contains a line break). */
  capability: string;
  /** For `file:///` locations of a YAML-text capability. */
  baseDir?: string;
  env?: Record<string, string>;
  exposer?: McpExposerOptions;
  overrides?: EngineOverrides;
  /** Options of the http consumer (defaults: 1 s connect, 5 s total timeout). */
  consumer?: HttpConsumerOptions;
}

export interface TestMcp {
  engine: Engine;
  /** The first listener's URL. */
  url: string;
  logs: LogLine[];
  /** A connected SDK client over Streamable HTTP; closed by `stop`. */
  connect(options?: { headers?: Record<string, string> }): Promise<Client>;
  stop(): Promise<void>;
}

export function createCapturingLogger(lines: LogLine[]): Logger {
  const log = (level: string) => (message: string, fields?: LogFields) => {
    lines.push({ level, message, ...(fields === undefined ? {} : { fields }) });
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A real engine (http consumer, the MCP exposer) on a capability, every MCP expose on port 0. */
export async function startTestMcp(options: StartTestMcpOptions): Promise<TestMcp> {
  const loaded = loadCapability(options.capability, {
    ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
  });
  if (!loaded.capability) {
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    throw new Error(
      `test capability is invalid:\n${errors.map((d) => `${d.pointer}: ${d.message}`).join('\n')}`,
    );
  }
  const capability = loaded.capability;
  const ports: Record<string, number> = {};
  for (const expose of capability.exposes) {
    if (expose.type === 'mcp' && expose.transport !== 'stdio') ports[expose.namespace] = 0;
  }
  const logs: LogLine[] = [];
  const engine = createEngine({
    capability,
    exposers: [createMcpExposer(options.exposer)],
    consumers: [createHttpConsumer({ connectTimeoutMs: 1000, timeoutMs: 5000, ...options.consumer })],
    env: options.env ?? {},
    overrides: { ...options.overrides, port: { ...ports, ...options.overrides?.port } },
    logger: createCapturingLogger(logs),
  });
  const addresses = await engine.start();
  const clients: Client[] = [];
  return {
    engine,
    url: addresses[0]?.url ?? '',
    logs,
    connect: async ({ headers } = {}) => {
      const client = new Client({ name: 'naftiko-test', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(addresses[0]?.url ?? ''), {
        ...(headers === undefined ? {} : { requestInit: { headers } }),
      });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    stop: async () => {
      await Promise.allSettled(clients.map((client) => client.close()));
      await engine.stop();
    },
  };
}
