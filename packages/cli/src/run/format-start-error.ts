import { isNaftikoError, type MissingBindVariable } from '@naftiko/core';

export interface FormatStartErrorOptions {
  error: unknown;
  /** The capability as the user gave it, for the commands we suggest. */
  file: string;
  /** Whether `--sandbox` would replace an upstream of this capability. */
  sandboxApplies: boolean;
}

/**
 * Why `naftiko run` could not start, as lines for stderr: what is wrong and how to fix it, never
 * a stack trace. Unknown failures keep core's message, which is already redacted.
 */
export function formatStartError({ error, file, sandboxApplies }: FormatStartErrorOptions): string {
  if (!isNaftikoError(error)) {
    return `naftiko: cannot start ${file}: ${error instanceof Error ? error.message : String(error)}\n`;
  }
  switch (error.code) {
    case 'BIND_MISSING_VARIABLE':
      return formatMissing(error.data.missing as MissingBindVariable[], file, sandboxApplies);
    case 'EXPOSER_NOT_REGISTERED': {
      const types = (error.data.types as string[]).map((type) => `"${type}"`).join(', ');
      return (
        `naftiko: cannot start ${file}: naftiko run does not implement exposes type ${types} yet.\n` +
        `Remove that expose, or serve it with another runtime; mcp, rest, skill and control exposes are supported.\n`
      );
    }
    case 'LISTEN_FAILED': {
      const namespace = error.data.namespace;
      const hint =
        error.data.reason === 'EADDRINUSE' && typeof namespace === 'string'
          ? `\nPick another port with --port ${namespace}=<port> (0 picks a free one).`
          : '';
      return `naftiko: ${error.message}${hint}\n`;
    }
    default:
      return `naftiko: cannot start ${file}: ${error.message}\n`;
  }
}

function formatMissing(
  missing: readonly MissingBindVariable[],
  file: string,
  sandboxApplies: boolean,
): string {
  const names = missing.map((entry) => entry.providerKey);
  const lines = [
    `naftiko: cannot start ${file}: ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not set.`,
  ];
  for (const entry of missing) {
    if (entry.source === 'environment') {
      lines.push(
        `  ${entry.providerKey}: the environment variable bind "${entry.namespace}" reads for ${entry.variable}.`,
        `    Set it:  export ${entry.providerKey}=...   or put ${entry.providerKey}=... in a file passed with --env-file <file>`,
      );
    } else {
      lines.push(
        `  ${entry.providerKey}: missing in ${entry.source} (bind "${entry.namespace}"); add it to that file.`,
      );
    }
  }
  if (sandboxApplies) {
    lines.push(`No key? 'naftiko run ${file} --sandbox' runs against the built-in sandbox, offline.`);
  }
  return `${lines.join('\n')}\n`;
}
