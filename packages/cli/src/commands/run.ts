import { defineCommand } from '../define-command.js';

export const runCommand = defineCommand({
  name: 'run',
  summary: 'Serve a capability: its MCP servers, REST APIs and other exposes',
  description:
    'Validates the capability (refusing to start on errors), resolves its binds, then starts every\n' +
    'expose and prints one line per listener. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM,\n' +
    'letting in-flight calls finish. SIGHUP (or a change, with --watch) reloads the capability:\n' +
    'a valid version is swapped in on the same listeners, an invalid one is logged and the running\n' +
    'one keeps serving. Logs go to stderr: pretty on a terminal, JSON lines otherwise.',
  arguments: [{ name: 'file', description: 'The capability file', required: true }],
  options: {
    'base-uri': {
      type: 'string',
      multiple: true,
      valueName: 'ns=url',
      description: 'Point a consumes namespace at another base URI',
    },
    port: {
      type: 'string',
      multiple: true,
      valueName: 'ns=port',
      description: 'Listen on another port for an expose namespace; 0 picks a free one',
    },
    host: {
      type: 'string',
      valueName: 'addr',
      description: "Address every expose binds to (default: each expose's own, else 127.0.0.1)",
    },
    control: {
      type: 'string',
      valueName: '[host:]port',
      description:
        'Serve the control plane (health, status, metrics) here, declared in the capability or not; 0 picks a free port',
    },
    'allowed-host': {
      type: 'string',
      multiple: true,
      valueName: 'name',
      description:
        'Also answer requests whose Host or Origin is this name (name or name:port); loopback names always are',
    },
    stateless: {
      type: 'boolean',
      description: 'MCP without sessions, so any replica can answer any request',
    },
    'session-id-header': {
      type: 'string',
      valueName: 'name',
      description:
        "Take a new MCP session's id from this header, set by a proxy routing on Mcp-Session-Id (see deploy/README.md)",
    },
    'max-sessions': {
      type: 'string',
      valueName: 'n',
      description:
        'Most MCP sessions per expose; at the cap the least recently used idle one is closed (default: 1000)',
    },
    'session-idle': {
      type: 'string',
      valueName: 'duration',
      description: 'Close MCP sessions idle this long: 90s, 30m, 2h; a bare number is seconds (default: 30m)',
    },
    redis: {
      type: 'string',
      valueName: 'url',
      description:
        'Keep circuit breakers, rate-limit counters and cached answers in Redis (redis://host:port), shared by replicas',
    },
    'env-file': {
      type: 'string',
      valueName: 'path',
      description: 'Read bind variables from this .env file too',
    },
    sandbox: {
      type: 'boolean',
      description:
        'Start the built-in Managed Agents sandbox and point api.anthropic.com at it (offline, no key)',
    },
    stdio: { type: 'boolean', description: 'Serve MCP over stdin/stdout (how desktop hosts launch servers)' },
    'max-calls': {
      type: 'string',
      valueName: 'n',
      description: 'Upstream calls in flight at once; more get a busy error (default 256)',
    },
    'max-session-calls': {
      type: 'string',
      valueName: 'n',
      description: 'Requests in flight per MCP session; more get a busy error (default 16)',
    },
    'max-response-bytes': {
      type: 'string',
      valueName: 'n',
      description:
        "Bytes one call may collect: an upstream answer, a streaming tool's events (default 10485760)",
    },
    watch: {
      type: 'boolean',
      description:
        'Reload the capability when it (or a bind file) changes: validated first, swapped in without dropping calls or MCP sessions; SIGHUP reloads too',
    },
    'log-level': {
      type: 'string',
      valueName: 'level',
      choices: ['debug', 'info', 'warn', 'error'],
      default: 'info',
      description: 'Lowest level logged',
    },
  },
  sections: [
    {
      title: 'Exit codes',
      lines: [
        '0   stopped by SIGINT/SIGTERM (or the stdio host hung up) after a clean shutdown',
        '1   invalid capability, a missing bind variable, or an expose could not start',
        '2   usage error, or the file cannot be read',
      ],
    },
    {
      title: 'Examples',
      lines: [
        'naftiko run capabilities/managed-agents-sessions.yaml --sandbox',
        'ANTHROPIC_API_KEY=sk-ant-... naftiko run capabilities/managed-agents-sessions.yaml',
        'naftiko run capability.yaml --port managed-agents-sessions-mcp=0 --stateless',
        'naftiko run capability.yaml --stdio --env-file .env',
        'naftiko run capability.yaml --watch                # edit, save: served without a restart',
        'naftiko run capability.yaml --host 0.0.0.0 --control 9091   # probes: GET :9091/health/ready',
        'naftiko run capability.yaml --redis redis://127.0.0.1:6379  # replicas share breakers, limits, cache',
      ],
    },
  ],
  async run({ values, positionals, io }) {
    // Loaded on demand: the engine, the MCP SDK and the consumers load only for `run`.
    const { runCapability } = await import('../run/run-capability.js');
    const { parseRunLimits } = await import('../run/parse-run-limits.js');
    const limits = parseRunLimits(values);
    return await runCapability({
      limits,
      file: positionals[0] as string,
      baseUris: values['base-uri'],
      ports: values.port,
      ...(values.host === undefined ? {} : { host: values.host }),
      ...(values.control === undefined ? {} : { control: values.control }),
      allowedHosts: values['allowed-host'],
      stateless: values.stateless,
      ...(values['session-id-header'] === undefined ? {} : { sessionIdHeader: values['session-id-header'] }),
      ...(values['env-file'] === undefined ? {} : { envFile: values['env-file'] }),
      ...(values.redis === undefined ? {} : { redis: values.redis }),
      sandbox: values.sandbox,
      stdio: values.stdio,
      logLevel: values['log-level'],
      watch: values.watch,
      io,
    });
  },
});
