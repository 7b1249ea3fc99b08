/**
 * A mistake the user can fix: a wrong flag, an unknown command, a missing file. `main` prints the
 * message (never a stack trace) and exits with `ExitCode.USAGE`.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The command whose usage applies; `main` points at its `--help`. */
  readonly command: string | undefined;

  constructor(message: string, options: { command?: string } = {}) {
    super(message);
    this.command = options.command;
  }
}

export function isUsageError(value: unknown): value is UsageError {
  return value instanceof UsageError;
}
