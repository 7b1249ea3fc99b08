import { UsageError } from '../usage-error.js';

/** Where the control plane is and how to authenticate to it. */
export interface ControlTarget {
  /** `http://127.0.0.1:9090`, without a trailing slash. */
  baseUrl: string;
  headers: Record<string, string>;
}

export interface ResolveControlTargetOptions {
  command: string;
  address: string | undefined;
  token: string | undefined;
  header: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

/** The reference CLI's default control port, on loopback. */
export const DEFAULT_CONTROL_ADDRESS = '127.0.0.1:9090';

/**
 * `--address` (else NAFTIKO_CONTROL_ADDRESS, else 127.0.0.1:9090) as `host:port`, `[::1]:port`,
 * a bare port or an http(s) URL; `--token` (else NAFTIKO_CONTROL_TOKEN) as a bearer token;
 * `--header 'name: value'` for apikey or basic credentials.
 */
export function resolveControlTarget(options: ResolveControlTargetOptions): ControlTarget {
  const { command, env } = options;
  const address = options.address ?? nonEmpty(env.NAFTIKO_CONTROL_ADDRESS) ?? DEFAULT_CONTROL_ADDRESS;
  const baseUrl = toBaseUrl(address);
  if (baseUrl === undefined) {
    throw new UsageError(
      `--address '${address}' is not host:port (e.g. 127.0.0.1:9091), a port, or an http:// URL.`,
      { command },
    );
  }
  const headers: Record<string, string> = {};
  const token = options.token ?? nonEmpty(env.NAFTIKO_CONTROL_TOKEN);
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  for (const entry of options.header) {
    const colon = entry.indexOf(':');
    const name = colon === -1 ? '' : entry.slice(0, colon).trim();
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new UsageError(`--header '${entry}' must look like 'name: value'.`, { command });
    }
    headers[name.toLowerCase()] = entry.slice(colon + 1).trim();
  }
  return { baseUrl, headers };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function toBaseUrl(address: string): string | undefined {
  const text = address.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      return `${url.protocol}//${url.host}`;
    } catch {
      return undefined;
    }
  }
  const withHost = /^\d+$/.test(text) ? `127.0.0.1:${text}` : text;
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(withHost);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return `http://${match[1]}:${port}`;
}

export type ControlResponse =
  | { ok: true; status: number; contentType: string; text: string }
  | { ok: false; message: string };

export interface RequestControlOptions {
  target: ControlTarget;
  path: string;
  /** Default 5 s: a health check must not hang a script. */
  timeoutMs?: number;
}

/** One GET to the control plane; network failures become a message naming the fix. */
export async function requestControl({
  target,
  path,
  timeoutMs = 5000,
}: RequestControlOptions): Promise<ControlResponse> {
  const url = `${target.baseUrl}${path}`;
  try {
    const response = await fetch(url, {
      headers: target.headers,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    return {
      ok: true,
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text: await response.text(),
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    const why =
      cause === 'ECONNREFUSED'
        ? 'connection refused'
        : cause === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : cause === 'ENOTFOUND'
            ? 'unknown host'
            : String(cause);
    return {
      ok: false,
      message: `no control plane answers at ${target.baseUrl} (${why}). Run a capability with a \`type: control\` expose (naftiko run <file>), or point --address at its control port.`,
    };
  }
}

/** The message for a non-2xx answer, from the control plane's `{ error, message }` body when it has one. */
export function describeFailure(url: string, status: number, text: string): string {
  let detail = '';
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') detail = `: ${body.message}`;
  } catch {
    // Not JSON: not our control plane, or a proxy in between.
  }
  const said = `${url} answered ${status}${detail}`.replace(/\.?$/, '.');
  if (status === 401) return `${said} Pass the credential with --token (bearer) or --header 'name: value'.`;
  if (status === 404) return `${said} Is this the control port, with that endpoint enabled?`;
  return said;
}
