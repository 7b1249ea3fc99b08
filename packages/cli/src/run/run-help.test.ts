import { expect, it } from 'vitest';
import { runCommand } from '../commands/run.js';
import { formatCommandHelp } from '../format-help.js';

it('documents naftiko run: the flags of issue 4, exit codes and examples', () => {
  expect(formatCommandHelp({ command: runCommand })).toMatchInlineSnapshot(`
    "Usage:
      naftiko run [options] <file>

    Validates the capability (refusing to start on errors), resolves its binds, then starts every
    expose and prints one line per listener. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM,
    letting in-flight calls finish. SIGHUP (or a change, with --watch) reloads the capability:
    a valid version is swapped in on the same listeners, an invalid one is logged and the running
    one keeps serving. Logs go to stderr: pretty on a terminal, JSON lines otherwise.

    Arguments:
      <file>  The capability file

    Options:
      --base-uri <ns=url>         Point a consumes namespace at another base URI (repeatable)
      --port <ns=port>            Listen on another port for an expose namespace; 0 picks a free one (repeatable)
      --host <addr>               Address every expose binds to (default: each expose's own, else 127.0.0.1)
      --control <[host:]port>     Serve the control plane (health, status, metrics) here, declared in the capability or not; 0 picks a free port
      --allowed-host <name>       Also answer requests whose Host or Origin is this name (name or name:port); loopback names always are (repeatable)
      --stateless                 MCP without sessions, so any replica can answer any request
      --session-id-header <name>  Take a new MCP session's id from this header, set by a proxy routing on Mcp-Session-Id (see deploy/README.md)
      --max-sessions <n>          Most MCP sessions per expose; at the cap the least recently used idle one is closed (default: 1000)
      --session-idle <duration>   Close MCP sessions idle this long: 90s, 30m, 2h; a bare number is seconds (default: 30m)
      --redis <url>               Keep circuit breakers, rate-limit counters and cached answers in Redis (redis://host:port), shared by replicas
      --env-file <path>           Read bind variables from this .env file too
      --sandbox                   Start the built-in Managed Agents sandbox and point api.anthropic.com at it (offline, no key)
      --stdio                     Serve MCP over stdin/stdout (how desktop hosts launch servers)
      --max-calls <n>             Upstream calls in flight at once; more get a busy error (default 256)
      --max-session-calls <n>     Requests in flight per MCP session; more get a busy error (default 16)
      --max-response-bytes <n>    Bytes one call may collect: an upstream answer, a streaming tool's events (default 10485760)
      --watch                     Reload the capability when it (or a bind file) changes: validated first, swapped in without dropping calls or MCP sessions; SIGHUP reloads too
      --log-level <level>         Lowest level logged (one of debug, info, warn, error; default: info)
      -h, --help                  Show this help

    Exit codes:
      0   stopped by SIGINT/SIGTERM (or the stdio host hung up) after a clean shutdown
      1   invalid capability, a missing bind variable, or an expose could not start
      2   usage error, or the file cannot be read

    Examples:
      naftiko run capabilities/managed-agents-sessions.yaml --sandbox
      ANTHROPIC_API_KEY=sk-ant-... naftiko run capabilities/managed-agents-sessions.yaml
      naftiko run capability.yaml --port managed-agents-sessions-mcp=0 --stateless
      naftiko run capability.yaml --stdio --env-file .env
      naftiko run capability.yaml --watch                # edit, save: served without a restart
      naftiko run capability.yaml --host 0.0.0.0 --control 9091   # probes: GET :9091/health/ready
      naftiko run capability.yaml --redis redis://127.0.0.1:6379  # replicas share breakers, limits, cache
    "
  `);
});
