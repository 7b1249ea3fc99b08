/**
 * The closed set of exit codes of the `naftiko` command. Scripts and CI depend on these numbers,
 * so they never change meaning.
 */
export const ExitCode = {
  /** Everything checked out (warnings allowed). */
  OK: 0,
  /** At least one capability file is invalid. */
  INVALID: 1,
  /** The command line is wrong, or an input could not be found or read. */
  USAGE: 2,
  /** A bug in naftiko itself (sysexits EX_SOFTWARE). */
  INTERNAL: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
