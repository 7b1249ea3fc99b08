import { UsageError } from '../usage-error.js';

export interface ControlListen {
  /** Absent when only a port was given: the expose's own address, else `--host`, else loopback. */
  address?: string;
  port: number;
}

/**
 * `--control [host:]port`: `9091`, `0.0.0.0:9091`, `[::]:9091`. The port is 0-65535 (0 picks a
 * free one); anything else is a usage error naming the flag and the expected form.
 */
export function parseControl(value: string): ControlListen {
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):)?(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[2]) : Number.NaN;
  if (!match || port > 65535) {
    throw new UsageError(
      `--control expects [host:]port with a port from 0 to 65535 (e.g. 9091 or 0.0.0.0:9091), got '${value}'.`,
      { command: 'run' },
    );
  }
  const host = match[1];
  if (host === undefined) return { port };
  return { address: host.startsWith('[') ? host.slice(1, -1) : host, port };
}
