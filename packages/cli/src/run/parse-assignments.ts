import { UsageError } from '../usage-error.js';

export interface ParseAssignmentsOptions {
  /** `ns=value` strings as given on the command line. */
  values: readonly string[];
  /** The flag, for messages: `--port`. */
  flag: string;
  /** What the value is, for messages: `port`. */
  valueName: string;
}

/** `['a=1', 'b=2']` -> `{ a: '1', b: '2' }`; a malformed or repeated entry is a usage error. */
export function parseAssignments({
  values,
  flag,
  valueName,
}: ParseAssignmentsOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    const namespace = equals === -1 ? '' : value.slice(0, equals).trim();
    const assigned = equals === -1 ? '' : value.slice(equals + 1).trim();
    if (namespace === '' || assigned === '') {
      throw new UsageError(`${flag} expects <namespace>=<${valueName}>, got '${value}'.`, { command: 'run' });
    }
    if (namespace in out) {
      throw new UsageError(`${flag} names '${namespace}' twice.`, { command: 'run' });
    }
    out[namespace] = assigned;
  }
  return out;
}

/** `--port ns=PORT` values as numbers 0-65535. */
export function parsePorts(values: readonly string[]): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const [namespace, text] of Object.entries(
    parseAssignments({ values, flag: '--port', valueName: 'port' }),
  )) {
    const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
    if (!(port >= 0 && port <= 65535)) {
      throw new UsageError(`--port ${namespace}=${text}: the port must be a number from 0 to 65535.`, {
        command: 'run',
      });
    }
    ports[namespace] = port;
  }
  return ports;
}
