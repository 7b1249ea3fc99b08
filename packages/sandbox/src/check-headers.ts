import type { IncomingHttpHeaders } from 'node:http';
import { ApiError, invalidRequest } from './api-error.js';

/** The beta flag every Managed Agents endpoint requires in `anthropic-beta`. */
export const MANAGED_AGENTS_BETA = 'managed-agents-2026-04-01';

/** `2023-06-01` is what docs, curl and SDKs up to 0.137 send; `2026-10-21` is what TS SDK 1.x sends. */
export const SUPPORTED_ANTHROPIC_VERSIONS: readonly string[] = ['2023-06-01', '2026-10-21'];

/**
 * Checks the headers the real API requires, in its order: credentials (401), then
 * `anthropic-version` and `anthropic-beta` (400). `apiKey: null` accepts any non-empty key.
 * Messages never echo the presented key.
 */
export function checkHeaders(options: { headers: IncomingHttpHeaders; apiKey: string | null }): void {
  const { headers, apiKey } = options;
  const presented = readPresentedKey(headers);
  if (presented === undefined) {
    throw new ApiError(
      401,
      'authentication_error',
      'x-api-key header is required (or send "Authorization: Bearer <key>")',
    );
  }
  if (apiKey !== null && presented !== apiKey) {
    throw new ApiError(401, 'authentication_error', 'invalid x-api-key');
  }

  const version = headerValue(headers['anthropic-version']);
  if (version === undefined || version.trim() === '') {
    throw invalidRequest(
      `anthropic-version: header is required; send "anthropic-version: ${SUPPORTED_ANTHROPIC_VERSIONS[0]}"`,
    );
  }
  if (!SUPPORTED_ANTHROPIC_VERSIONS.includes(version.trim())) {
    throw invalidRequest(
      `anthropic-version: unsupported version ${JSON.stringify(version.trim().slice(0, 64))}; ` +
        `use one of ${SUPPORTED_ANTHROPIC_VERSIONS.join(', ')}`,
    );
  }

  const beta = headerValue(headers['anthropic-beta']);
  const flags = (beta ?? '').split(',').map((flag) => flag.trim());
  if (!flags.includes(MANAGED_AGENTS_BETA)) {
    throw invalidRequest(
      `anthropic-beta: the Managed Agents API requires the beta header "anthropic-beta: ${MANAGED_AGENTS_BETA}" ` +
        '(a comma-separated list may carry other flags too)',
    );
  }
}

function readPresentedKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headerValue(headers['x-api-key'])?.trim();
  if (apiKey) return apiKey;
  const authorization = headerValue(headers.authorization)?.trim();
  if (authorization === undefined) return undefined;
  const match = /^bearer\s+(.+)$/i.exec(authorization);
  const token = match?.[1]?.trim();
  return token ? token : undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
